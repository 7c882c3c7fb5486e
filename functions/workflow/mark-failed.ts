import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { MarkFailedInputSchema } from '../../events/contracts.ts';
import { clock, ticketStore } from '../../shared/runtime/dependencies.ts';
import { logger, metrics } from '../../shared/runtime/powertools.ts';
import { workflowStep } from '../../shared/runtime/workflow-step.ts';
import { markFailedStep } from '../../shared/services/workflow/mark-failed.ts';

/** The workflow's catch-all: marks the ticket FAILED for operations to redrive. */
const deps = { tickets: await ticketStore(), now: clock };

export const handler = workflowStep(MarkFailedInputSchema, async (input) => {
  const error = `${input.error?.Error ?? 'unknown'}: ${input.error?.Cause ?? ''}`;
  logger.error('ticket workflow failed', { ticketId: input.ticketId, error: input.error?.Error });
  metrics.addMetric('WorkflowFailed', MetricUnit.Count, 1);
  metrics.publishStoredMetrics();
  return markFailedStep(deps, { ticketId: input.ticketId, error });
});
