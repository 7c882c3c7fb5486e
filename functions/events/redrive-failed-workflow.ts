import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { ExecutionStatusChangeSchema } from '../../events/contracts.ts';
import { StepFunctionsExecutions } from '../../shared/adapters/operations-aws.ts';
import { SqsRepairQueue } from '../../shared/adapters/repair-queue.ts';
import { sfn, sqs } from '../../shared/runtime/clients.ts';
import { clock, ticketStore } from '../../shared/runtime/dependencies.ts';
import { readEnv } from '../../shared/runtime/env.ts';
import { eventHandler } from '../../shared/runtime/event-handler.ts';
import { logger, metrics } from '../../shared/runtime/powertools.ts';
import { handleFailedExecution } from '../../shared/services/failed-executions.ts';

/**
 * A ticket workflow failed or timed out after its steps' own retries (EventBridge): redrive it
 * from the failed step, a bounded number of times; then park the ticket for repair (and alarm).
 * If this function itself keeps failing, EventBridge puts the event in the repair queue.
 */
const env = readEnv(
  z.object({
    STATE_MACHINE_ARN: z.string().startsWith('arn:'),
    REPAIR_QUEUE_URL: z.url(),
    WORKFLOW_MAX_REDRIVES: z.coerce.number().int().min(0).max(10),
  }),
);
const deps = {
  executions: new StepFunctionsExecutions(sfn(), env.STATE_MACHINE_ARN),
  tickets: await ticketStore(),
  repairs: new SqsRepairQueue(sqs(), env.REPAIR_QUEUE_URL),
  now: clock,
  maxRedrives: env.WORKFLOW_MAX_REDRIVES,
};

export const handler = eventHandler(ExecutionStatusChangeSchema, async (event) => {
  const { executionArn, name, status } = event.detail;
  const result = await handleFailedExecution(deps, { executionArn, ticketId: name, status });
  logger.warn('ticket workflow failed', { ticketId: name, status, ...result });
  metrics.addMetric(result.outcome === 'parked' ? 'WorkflowParked' : 'WorkflowRedriven', MetricUnit.Count, 1);
  return result;
});
