import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { OcrRequestSchema } from '../../events/contracts.ts';
import { taskTokens } from '../../shared/runtime/dependencies.ts';
import { readEnv } from '../../shared/runtime/env.ts';
import { digitizeDependencies } from '../../shared/runtime/ocr-dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { digitizeStep } from '../../shared/services/digitize.ts';

/**
 * OCR queue consumer: reads one paper letter per message (the workflow's ReadLetter state sent it
 * with its task token), stores the text and the contact details found, and resumes the workflow
 * with the decision. A failure is retried by SQS; on the last receive the workflow is told
 * (OcrFailed) so a reviewer reads the letter now rather than when the wait runs out.
 */
const env = readEnv(z.object({ OCR_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).default(3) }));
const deps = await digitizeDependencies();
const tokens = taskTokens();
const processor = new BatchProcessor(EventType.SQS);

async function readLetter(record: SQSRecord): Promise<void> {
  const { ticketId, taskToken } = OcrRequestSchema.parse(JSON.parse(record.body));
  try {
    const result = await digitizeStep(deps, ticketId);
    const resumed = await tokens.resume(taskToken, result);
    // Only ids, the decision and OCR's reasons (never the letter's text) are logged.
    logger.info('letter read', {
      ticketId,
      decision: result.decision,
      confidence: result.confidence,
      resumed,
    });
  } catch (error) {
    const receives = Number(record.attributes.ApproximateReceiveCount ?? 1);
    if (receives < env.OCR_MAX_RECEIVE_COUNT) throw error;
    const name = error instanceof Error ? error.name : 'Error';
    logger.error('letter could not be read; sending it to transcription', { ticketId, errorName: name });
    await tokens.fail(taskToken, 'OcrFailed', `${name} after ${receives} attempts`);
  }
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  processPartialResponse(event, readLetter, processor, { context });
