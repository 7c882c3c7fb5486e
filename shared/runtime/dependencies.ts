import { z } from 'zod';
import { SqsIntakeQueue } from '../adapters/intake-queue.ts';
import { S3ScanStore } from '../adapters/s3-scan-store.ts';
import { StepFunctionsTaskTokens, StepFunctionsWorkflowStarter } from '../adapters/ticket-workflow.ts';
import type { ReferenceCatalog } from '../domain/reference.ts';
import type { BatchRegistrationDeps, LetterBatchDeps } from '../services/letter-batches.ts';
import { cachedCatalog } from '../services/reference-cache.ts';
import { sequencedTrackingCodes, type TrackingCodeSource } from '../services/tracking-codes.ts';
import { DynamoDbApiKeyStore } from '../store/dynamodb/dynamodb-api-key-store.ts';
import { DynamoDbBatchStore } from '../store/dynamodb/dynamodb-batch-store.ts';
import { DynamoDbLabelStore } from '../store/dynamodb/dynamodb-label-store.ts';
import { DynamoDbLookupGuard } from '../store/dynamodb/dynamodb-lookup-guard.ts';
import { DynamoDbReferenceStore } from '../store/dynamodb/dynamodb-reference-store.ts';
import { DynamoDbSequenceStore } from '../store/dynamodb/dynamodb-sequence-store.ts';
import { DynamoDbTicketStore } from '../store/dynamodb/dynamodb-ticket-store.ts';
import { dynamoDocumentClient, identityHasher, s3, sfn, sqs, trackingCodeCipherFor } from './clients.ts';
import { readEnv } from './env.ts';
import { logger } from './powertools.ts';

/**
 * Builds the adapters a function needs from its environment. Each builder validates only the
 * variables it uses, so a function's configuration is exactly what its construct grants it.
 */

const TableEnv = z.object({ TABLE_NAME: z.string().min(1), IDENTITY_HASH_SECRET_ID: z.string().min(1) });

export async function ticketStore(): Promise<DynamoDbTicketStore> {
  const env = readEnv(TableEnv);
  return new DynamoDbTicketStore({
    client: dynamoDocumentClient(),
    tableName: env.TABLE_NAME,
    identityHasher: await identityHasher(env.IDENTITY_HASH_SECRET_ID),
  });
}

/** Tracking codes for registration: a sequence in the table, permuted with the deployment's key. */
export async function trackingCodes(): Promise<TrackingCodeSource> {
  const env = readEnv(TableEnv);
  return sequencedTrackingCodes({
    sequences: new DynamoDbSequenceStore({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME }),
    cipher: await trackingCodeCipherFor(env.IDENTITY_HASH_SECRET_ID),
  });
}

/** Reference data as stored: what administrators read and edit (no cache). */
export function referenceStore(): DynamoDbReferenceStore {
  const env = readEnv(z.object({ TABLE_NAME: z.string().min(1) }));
  return new DynamoDbReferenceStore({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME });
}

export function referenceCatalog(): () => Promise<ReferenceCatalog> {
  const env = readEnv(
    z.object({
      TABLE_NAME: z.string().min(1),
      /** How long a process trusts its copy of the reference data (administrators' edits wait this long). */
      REFERENCE_CACHE_SECONDS: z.coerce.number().min(0).max(3600).default(60),
    }),
  );
  return cachedCatalog(referenceStore(), env.REFERENCE_CACHE_SECONDS * 1000);
}

/** Wrong guesses at tracking lookups, counted per code in the table. */
export function lookupGuard(): DynamoDbLookupGuard {
  const env = readEnv(z.object({ TABLE_NAME: z.string().min(1) }));
  return new DynamoDbLookupGuard({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME });
}

export function apiKeyStore(): DynamoDbApiKeyStore {
  const env = readEnv(z.object({ TABLE_NAME: z.string().min(1) }));
  return new DynamoDbApiKeyStore({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME });
}

export function scanStore(): S3ScanStore {
  const env = readEnv(z.object({ ATTACHMENTS_BUCKET: z.string().min(3) }));
  return new S3ScanStore({ client: s3(), bucket: env.ATTACHMENTS_BUCKET });
}

/** What opening a submitted batch's tickets needs: the batch functions and the batch sweep. */
export async function batchRegistrationDependencies(): Promise<BatchRegistrationDeps> {
  const env = readEnv(z.object({ TABLE_NAME: z.string().min(1) }));
  return {
    batches: new DynamoDbBatchStore({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME }),
    tickets: await ticketStore(),
    trackingCodes: await trackingCodes(),
    intakeQueue: intakeQueue(),
    now: clock,
    onEnqueueFailure: (ticketId, error) =>
      logger.warn('intake hand-off failed; the batch sweep will hand the letter off again', {
        ticketId,
        errorName: error instanceof Error ? error.name : 'unknown',
      }),
  };
}

/** What operators' batch functions need: the above, and the scans bucket. */
export async function letterBatchDependencies(): Promise<LetterBatchDeps> {
  return { ...(await batchRegistrationDependencies()), scans: scanStore() };
}

export function intakeQueue(): SqsIntakeQueue {
  const env = readEnv(z.object({ INTAKE_QUEUE_URL: z.url() }));
  return new SqsIntakeQueue(sqs(), env.INTAKE_QUEUE_URL);
}

export function workflowStarter(): StepFunctionsWorkflowStarter {
  const env = readEnv(z.object({ STATE_MACHINE_ARN: z.string().startsWith('arn:') }));
  return new StepFunctionsWorkflowStarter(sfn(), env.STATE_MACHINE_ARN);
}

export function taskTokens(): StepFunctionsTaskTokens {
  return new StepFunctionsTaskTokens(sfn());
}

export const clock = (): Date => new Date();

/** What reviewers' functions need: tickets, labels, task tokens and reference data. */
export async function reviewDependencies() {
  const env = readEnv(z.object({ TABLE_NAME: z.string().min(1) }));
  return {
    tickets: await ticketStore(),
    labels: new DynamoDbLabelStore({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME }),
    workflow: taskTokens(),
    catalog: referenceCatalog(),
    now: clock,
  };
}
