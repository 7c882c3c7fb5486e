import { z } from 'zod';
import { bundledClassifier } from '../classifier/bundled-model.ts';
import { bundledTermStatistics } from '../dedupe/bundled-terms.ts';
import { DEFAULT_DEDUPE_POLICY } from '../dedupe/matcher.ts';
import type { WorkflowStepDeps } from '../services/workflow-steps.ts';
import { DynamoDbDedupeIndex } from '../store/dynamodb/dynamodb-dedupe-index.ts';
import { dynamoDocumentClient, identityHasher } from './clients.ts';
import { clock, referenceCatalog, taskTokens, ticketStore } from './dependencies.ts';
import { readEnv } from './env.ts';
import { logger } from './powertools.ts';

/** Everything a workflow step function needs, built once per cold start. */
export async function workflowStepDeps(): Promise<WorkflowStepDeps> {
  const env = readEnv(
    z.object({
      CLASSIFY_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.5),
      TABLE_NAME: z.string().min(1),
      IDENTITY_HASH_SECRET_ID: z.string().min(1),
    }),
  );
  const catalog = referenceCatalog();
  const categories = (await catalog()).data.categories;
  const hasher = await identityHasher(env.IDENTITY_HASH_SECRET_ID);
  return {
    tickets: await ticketStore(),
    catalog,
    classifier: bundledClassifier(categories),
    workflow: taskTokens(),
    now: clock,
    confidenceThreshold: env.CLASSIFY_CONFIDENCE_THRESHOLD,
    dedupe: {
      index: new DynamoDbDedupeIndex({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME }),
      stats: bundledTermStatistics(),
      policy: DEFAULT_DEDUPE_POLICY,
      citizenKey: (ticket) =>
        ticket.citizen.mobile
          ? hasher.mobile(ticket.citizen.mobile)
          : ticket.citizen.nationalId
            ? hasher.nationalId(ticket.citizen.nationalId)
            : null,
      onIndexFailure: (ticketId, error) =>
        logger.warn('dedupe index write failed', {
          ticketId,
          errorName: error instanceof Error ? error.name : 'unknown',
        }),
    },
  };
}
