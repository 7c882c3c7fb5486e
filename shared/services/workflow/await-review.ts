import type { ReviewWaitOutcome } from '../../domain/workflow-wait.ts';
import { load, recordWait, type WorkflowStepDeps } from './step.ts';

/** Pauses for a reviewer's decision, resuming at once if the reviewer already decided. */
export async function awaitReviewStep(
  deps: WorkflowStepDeps,
  input: { ticketId: string; taskToken: string },
): Promise<void> {
  await recordWait(deps, input, 'REVIEW');
  const ticket = await load(deps, input.ticketId);
  const decided = ticket.status === 'CLASSIFICATION_REVIEW' ? ticket.reviewDecision : null;
  const decision: ReviewWaitOutcome['decision'] | null =
    ticket.status === 'CLOSED' || decided === 'CLOSE' ? 'CLOSE' : decided ? 'REFER' : null;
  if (decision) await deps.workflow.resume(input.taskToken, { decision } satisfies ReviewWaitOutcome);
}
