import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { clock, intakeQueue, ticketStore } from '../../shared/runtime/dependencies.ts';
import { readEnv } from '../../shared/runtime/env.ts';
import { logger, metrics } from '../../shared/runtime/powertools.ts';
import { reconcileIntake } from '../../shared/services/reconcile-intake.ts';

/** Every minute: re-enqueue tickets that were stored but never reached the workflow. */
const env = readEnv(z.object({ RECONCILE_GRACE_SECONDS: z.coerce.number().int().min(1).default(60) }));
const deps = { tickets: await ticketStore(), intakeQueue: intakeQueue(), now: clock };

export const handler = async (): Promise<{ enqueued: number }> => {
  const result = await reconcileIntake(deps, { graceSeconds: env.RECONCILE_GRACE_SECONDS });
  if (result.enqueued > 0) {
    logger.warn('re-enqueued tickets that missed the intake queue', result);
    metrics.addMetric('IntakeReconciled', MetricUnit.Count, result.enqueued);
    metrics.publishStoredMetrics();
  }
  return result;
};
