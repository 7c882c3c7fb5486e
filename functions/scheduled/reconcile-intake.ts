import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { StepFunctionsExecutions } from '../../shared/adapters/operations-aws.ts';
import { sfn } from '../../shared/runtime/clients.ts';
import { batchRegistrationDependencies } from '../../shared/runtime/dependencies.ts';
import { readEnv } from '../../shared/runtime/env.ts';
import { logger, metrics } from '../../shared/runtime/powertools.ts';
import { reconcileBatches, reconcileIntake } from '../../shared/services/reconcile-intake.ts';

/**
 * Every minute: re-enqueue tickets that were stored but never reached the workflow, and finish
 * letter batches whose submission was cut short.
 */
const env = readEnv(
  z.object({
    STATE_MACHINE_ARN: z.string().min(1),
    RECONCILE_GRACE_SECONDS: z.coerce.number().int().min(1).default(60),
    /** The workflow's whole OCR wait and a margin: a started paper letter has moved on by then. */
    RECONCILE_DIGITIZING_GRACE_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .default(6.5 * 3600),
  }),
);
const deps = await batchRegistrationDependencies();
const executions = new StepFunctionsExecutions(sfn(), env.STATE_MACHINE_ARN);
const workflowStarted = async (ticketId: string) =>
  (await executions.describe(executions.arnOf(ticketId))) !== null;

export const handler = async (
  _event: unknown,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
): Promise<{ enqueued: number; batches: number }> => {
  // Leaves time to record what was done before the function's own timeout.
  const until = context ? Date.now() + context.getRemainingTimeInMillis() - 15_000 : undefined;
  const { enqueued } = await reconcileIntake(
    { ...deps, workflowStarted },
    {
      graceSeconds: env.RECONCILE_GRACE_SECONDS,
      digitizingGraceSeconds: env.RECONCILE_DIGITIZING_GRACE_SECONDS,
    },
  );
  const { batches } = await reconcileBatches(deps, {
    graceSeconds: env.RECONCILE_GRACE_SECONDS,
    ...(until === undefined ? {} : { until }),
  });
  if (enqueued > 0) {
    logger.warn('re-enqueued tickets that missed the intake queue', { enqueued });
    metrics.addMetric('IntakeReconciled', MetricUnit.Count, enqueued);
  }
  if (batches > 0) {
    logger.warn('finished letter batches whose submission was cut short', { batches });
    metrics.addMetric('BatchesReconciled', MetricUnit.Count, batches);
  }
  // Every minute, mostly with nothing to report: no empty flush (Powertools warns on each).
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  return { enqueued, batches };
};
