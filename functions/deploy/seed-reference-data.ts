import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { z } from 'zod';
import { loadSeedReferenceData } from '../../shared/reference/seed.ts';
import { dynamoDocumentClient } from '../../shared/runtime/clients.ts';
import { readEnv } from '../../shared/runtime/env.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { DynamoDbReferenceStore } from '../../shared/store/dynamodb/dynamodb-reference-store.ts';

/**
 * Deploy-time custom resource: seeds the reference data (data/reference) into the table on
 * every deployment. Existing items are left alone, so administrators' edits survive deploys.
 */
const env = readEnv(z.object({ TABLE_NAME: z.string().min(1) }));
const store = new DynamoDbReferenceStore({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME });

export const handler = async (event: CloudFormationCustomResourceEvent) => {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: 'reference-data' };
  const written = await store.seed(loadSeedReferenceData());
  logger.info('reference data seeded', { written });
  return { PhysicalResourceId: 'reference-data', Data: { written } };
};
