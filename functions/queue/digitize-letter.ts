import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import { OcrRequestSchema, TextractNotificationSchema } from '../../events/contracts.ts';
import { clock, taskTokens } from '../../shared/runtime/dependencies.ts';
import { readEnv } from '../../shared/runtime/env.ts';
import { digitizeDependencies } from '../../shared/runtime/ocr-dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { digitizeStep } from '../../shared/services/digitize.ts';

/**
 * OCR queue consumer. Two messages arrive here: a letter to read (from the workflow's ReadLetter
 * state, with its task token), and Textract's notice that a PDF job ended (through SNS, tagged
 * with the ticket id). Either way the letter is read as far as it can be: the text and the
 * contact details found are stored and the workflow resumed with the decision, or, while a job
 * still runs, the token and job ids are kept for the notice. A failure is retried by SQS; on the
 * last receive the workflow is told (OcrFailed) so a reviewer reads the letter now.
 */
const env = readEnv(z.object({ OCR_MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).default(3) }));
const deps = await digitizeDependencies();
const tokens = taskTokens();
const processor = new BatchProcessor(EventType.SQS);

/** The ticket and token a message is about, and the jobs already started for it. */
async function waitingLetter(
  body: unknown,
): Promise<{ ticketId: string; taskToken: string; jobs: Record<string, string> } | null> {
  const request = OcrRequestSchema.safeParse(body);
  if (request.success) {
    const { ticketId, taskToken } = request.data;
    const wait = await deps.tickets.getWait(ticketId);
    if (wait?.kind === 'OCR' && wait.taskToken === taskToken)
      return { ticketId, taskToken, jobs: wait.ocrJobs ?? {} };
    // Recorded before any job starts, so a job's notice always finds whom to resume.
    await deps.tickets.putWait({
      ticketId,
      kind: 'OCR',
      referralId: null,
      taskToken,
      since: clock().toISOString(),
    });
    return { ticketId, taskToken, jobs: {} };
  }
  const notice = TextractNotificationSchema.parse(body).Message;
  const wait = await deps.tickets.getWait(notice.JobTag);
  if (wait?.kind !== 'OCR') {
    logger.info('job notice for a letter no longer waiting for OCR', { ticketId: notice.JobTag });
    return null;
  }
  return { ticketId: notice.JobTag, taskToken: wait.taskToken, jobs: wait.ocrJobs ?? {} };
}

async function readLetter(record: SQSRecord): Promise<void> {
  const letter = await waitingLetter(JSON.parse(record.body));
  if (!letter) return;
  const { ticketId, taskToken } = letter;
  try {
    const result = await digitizeStep(deps, ticketId, letter.jobs);
    if (result.decision === 'PENDING') {
      await deps.tickets.putWait({
        ticketId,
        kind: 'OCR',
        referralId: null,
        taskToken,
        since: clock().toISOString(),
        ocrJobs: result.jobs,
      });
      logger.info('letter waits for OCR jobs', { ticketId, jobs: Object.keys(result.jobs).length });
      return;
    }
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
