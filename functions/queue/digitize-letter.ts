import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { taskTokens } from '../../shared/runtime/dependencies.ts';
import { readEnv } from '../../shared/runtime/env.ts';
import { digitizeDependencies } from '../../shared/runtime/ocr-dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { readLetterMessage } from '../../shared/services/read-letter.ts';

/**
 * OCR queue consumer, one letter per message: reads it and resumes its workflow, or keeps its
 * token while a Textract job runs (shared/services/read-letter.ts). Failed records are retried
 * by SQS; on the last receive the workflow sends the letter to a reviewer.
 */
const env = readEnv(z.object({ OCR_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).default(3) }));
const deps = {
  ...(await digitizeDependencies()),
  workflow: taskTokens(),
  maxReceives: env.OCR_MAX_RECEIVE_COUNT,
};
const processor = new BatchProcessor(EventType.SQS);

async function readOne(record: SQSRecord): Promise<void> {
  const receives = Number(record.attributes.ApproximateReceiveCount ?? 1);
  const result = await readLetterMessage(deps, JSON.parse(record.body), receives);
  // Ids, the decision and error names only: never the letter's text or its sender.
  if (result.outcome === 'FAILED') logger.error('letter could not be read; sent to transcription', result);
  else logger.info('OCR message', result);
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  processPartialResponse(event, readOne, processor, { context });
