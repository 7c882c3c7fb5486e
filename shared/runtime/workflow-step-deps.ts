import { z } from 'zod';
import { bundledClassifier } from '../classifier/bundled-model.ts';
import type { WorkflowStepDeps } from '../services/workflow-steps.ts';
import { clock, referenceCatalog, taskTokens, ticketStore } from './dependencies.ts';
import { readEnv } from './env.ts';

/** Everything a workflow step function needs, built once per cold start. */
export async function workflowStepDeps(): Promise<WorkflowStepDeps> {
  const env = readEnv(
    z.object({ CLASSIFY_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5) }),
  );
  const catalog = referenceCatalog();
  const categories = (await catalog()).data.categories;
  return {
    tickets: await ticketStore(),
    catalog,
    classifier: bundledClassifier(categories),
    workflow: taskTokens(),
    now: clock,
    confidenceThreshold: env.CLASSIFY_CONFIDENCE_THRESHOLD,
  };
}
