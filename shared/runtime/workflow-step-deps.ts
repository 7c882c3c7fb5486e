import { z } from 'zod';
import type { Classifier } from '../classifier/classifier.ts';
import { DEFAULT_DEDUPE_POLICY, type TermStatistics } from '../dedupe/matcher.ts';
import type { Category } from '../domain/reference.ts';
import type { WorkflowStepDeps } from '../services/workflow/step.ts';
import { DynamoDbDedupeIndex } from '../store/dynamodb/dynamodb-dedupe-index.ts';
import { dynamoDocumentClient, identityHasher } from './clients.ts';
import { clock, referenceCatalog, taskTokens, ticketStore } from './dependencies.ts';
import { readEnv } from './env.ts';

const UNAVAILABLE_CLASSIFIER: Classifier = {
  classify: () => {
    throw new Error('this workflow step was built without the classifier');
  },
};

/**
 * Everything a workflow step function needs, built once per cold start. Steps that classify or
 * deduplicate pass the bundled model in; the others leave it out of their bundle.
 */
export async function workflowStepDeps(
  options: { classifier?: (categories: Category[]) => Classifier; terms?: () => TermStatistics } = {},
): Promise<WorkflowStepDeps> {
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
    classifier: options.classifier?.(categories) ?? UNAVAILABLE_CLASSIFIER,
    workflow: taskTokens(),
    now: clock,
    confidenceThreshold: env.CLASSIFY_CONFIDENCE_THRESHOLD,
    dedupe: options.terms && {
      index: new DynamoDbDedupeIndex({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME }),
      stats: options.terms(),
      policy: DEFAULT_DEDUPE_POLICY,
      citizenKey: (ticket) =>
        ticket.citizen.mobile
          ? hasher.mobile(ticket.citizen.mobile)
          : ticket.citizen.nationalId
            ? hasher.nationalId(ticket.citizen.nationalId)
            : null,
    },
  };
}
