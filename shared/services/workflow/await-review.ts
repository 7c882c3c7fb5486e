import type { ReviewWaitOutcome } from '../../domain/workflow-wait.ts';
import { load, type WorkflowStepDeps } from './step.ts';

/** Pauses for a reviewer's decision, resuming at once if the reviewer already decided. */
export async function awaitReviewStep(
  deps: WorkflowStepDeps,
  input: { ticketId: string; taskToken: string },
): Promise<void> {
  await deps.tickets.putWait({
    ticketId: input.ticketId,
    kind: 'REVIEW',
    referralId: null,
    taskToken: input.taskToken,
    since: deps.now().toISOString(),
  });
  const ticket = await load(deps, input.ticketId);
  const decided = ticket.status === 'CLASSIFICATION_REVIEW' ? ticket.reviewDecision : null;
  const decision: ReviewWaitOutcome['decision'] | null =
    ticket.status === 'CLOSED' || decided === 'CLOSE' ? 'CLOSE' : decided ? 'REFER' : null;
  if (decision) await deps.workflow.resume(input.taskToken, { decision } satisfies ReviewWaitOutcome);
}
