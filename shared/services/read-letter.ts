import {
  DigitizeOutputSchema,
  OcrRequestSchema,
  TextractNotificationSchema,
} from '../../events/contracts.ts';
import type { TaskTokens } from '../adapters/ticket-workflow.ts';
import type { WorkflowWait } from '../domain/workflow-wait.ts';
import { type DigitizeDeps, digitizeStep } from './digitize.ts';

export interface ReadLetterDeps extends DigitizeDeps {
  workflow: TaskTokens;
  /** Receives of one message before the workflow is told OCR failed (the queue's maxReceiveCount). */
  maxReceives: number;
}

export type ReadLetterOutcome =
  | { outcome: 'READ'; ticketId: string; decision: 'CLASSIFY' | 'TRANSCRIBE'; confidence: number }
  | { outcome: 'PENDING'; ticketId: string; jobs: number }
  | { outcome: 'FAILED'; ticketId: string; errorName: string }
  | { outcome: 'STALE'; ticketId: string };

/**
 * One message of the OCR queue. Two kinds arrive: a letter to read (from the workflow's
 * ReadLetter state, with its task token), and Textract's notice that a PDF job ended (through
 * SNS, tagged with the ticket id). Either way the letter is read as far as it can be: the text
 * and contact details are stored and the workflow resumed with the decision, or, while a job
 * still runs, the token and job ids are kept for the notice. An error is thrown for SQS to retry,
 * except on the last receive, when the workflow is told (OcrFailed) so a reviewer reads it now.
 */
export async function readLetterMessage(
  deps: ReadLetterDeps,
  body: unknown,
  receiveCount: number,
): Promise<ReadLetterOutcome> {
  const letter = await waitingLetter(deps, body);
  if ('stale' in letter) return { outcome: 'STALE', ticketId: letter.ticketId };
  const { ticketId, taskToken } = letter;
  try {
    const result = await digitizeStep(deps, ticketId, letter.jobs);
    if (result.decision === 'PENDING') {
      await deps.tickets.putWait(ocrWait(deps, ticketId, taskToken, result.jobs));
      return { outcome: 'PENDING', ticketId, jobs: Object.keys(result.jobs).length };
    }
    // What ReadLetter's RouteReading choice reads: checked against the contract before it crosses.
    await deps.workflow.resume(taskToken, DigitizeOutputSchema.parse(result));
    return { outcome: 'READ', ticketId, decision: result.decision, confidence: result.confidence };
  } catch (error) {
    if (receiveCount < deps.maxReceives) throw error;
    const errorName = error instanceof Error ? error.name : 'Error';
    await deps.workflow.fail(taskToken, 'OcrFailed', `${errorName} after ${receiveCount} attempts`);
    return { outcome: 'FAILED', ticketId, errorName };
  }
}

/** The workflow waits on OCR with this token (and, once started, these jobs). */
function ocrWait(
  deps: Pick<ReadLetterDeps, 'now'>,
  ticketId: string,
  taskToken: string,
  ocrJobs?: Record<string, string>,
): WorkflowWait {
  return {
    ticketId,
    kind: 'OCR',
    referralId: null,
    taskToken,
    since: deps.now().toISOString(),
    ...(ocrJobs ? { ocrJobs } : {}),
  };
}

/** The ticket and token a message is about, and the jobs already started for it. */
async function waitingLetter(
  deps: ReadLetterDeps,
  body: unknown,
): Promise<
  { ticketId: string; taskToken: string; jobs: Record<string, string> } | { stale: true; ticketId: string }
> {
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
      since: deps.now().toISOString(),
    });
    return { ticketId, taskToken, jobs: {} };
  }
  const notice = TextractNotificationSchema.parse(body).Message;
  const wait = await deps.tickets.getWait(notice.JobTag);
  if (wait?.kind !== 'OCR') return { stale: true, ticketId: notice.JobTag };
  return { ticketId: notice.JobTag, taskToken: wait.taskToken, jobs: wait.ocrJobs ?? {} };
}
