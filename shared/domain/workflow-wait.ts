/**
 * A ticket's workflow execution paused at a task token: waiting for an agency's final answer, a
 * reviewer's decision, a transcription, or an OCR job. Whoever completes the wait uses the token
 * to resume the execution. Tokens are internal: they never leave the back end.
 */
export type WaitKind = 'AGENCY' | 'REVIEW' | 'TRANSCRIPTION' | 'OCR' | 'FEEDBACK' | 'CITIZEN';

export interface WorkflowWait {
  ticketId: string;
  kind: WaitKind;
  referralId: string | null;
  taskToken: string;
  since: string;
  /** OCR: the asynchronous reading jobs started for the letter, by scan key. */
  ocrJobs?: Record<string, string>;
}

/** What a completed wait tells the workflow; FOLLOW_UP: no answer yet, but a new date to wait for. */
export type AgencyWaitOutcome = { outcome: 'RESOLVED' | 'NOT_RESPONSIBLE' | 'NEEDS_INFO' | 'FOLLOW_UP' };
/** After a result: the citizen was satisfied (or rated without reopening), or reopened it. */
export type FeedbackWaitOutcome = { outcome: 'SATISFIED' | 'REOPENED' };
/** The citizen answered the agency's question (or staff did for them). */
export type CitizenWaitOutcome = { outcome: 'REPLIED' };
export type ReviewWaitOutcome = { decision: 'REFER' | 'CLOSE' };
