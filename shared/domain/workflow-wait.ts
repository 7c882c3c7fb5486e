/**
 * A ticket's workflow execution paused at a task token: waiting for an agency's final answer or
 * for a reviewer's decision. Whoever completes the wait uses the token to resume the execution.
 * Tokens are internal: they never leave the back end.
 */
export type WaitKind = 'AGENCY' | 'REVIEW' | 'TRANSCRIPTION';

export interface WorkflowWait {
  ticketId: string;
  kind: WaitKind;
  referralId: string | null;
  taskToken: string;
  since: string;
}

/** What a completed wait tells the workflow. */
export type AgencyWaitOutcome = { outcome: 'RESOLVED' | 'NOT_RESPONSIBLE' };
export type ReviewWaitOutcome = { decision: 'REFER' | 'CLOSE' };
