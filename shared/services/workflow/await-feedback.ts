import type { FeedbackWaitOutcome } from '../../domain/workflow-wait.ts';
import { load, recordWait, type WorkflowStepDeps } from './step.ts';

/**
 * Pauses for the citizen's feedback on a result: records the task token, then looks once more in
 * case the feedback came before the token was recorded, and if so resumes at once.
 */
export async function awaitFeedbackStep(
  deps: Pick<WorkflowStepDeps, 'tickets' | 'workflow' | 'now'>,
  input: { ticketId: string; taskToken: string },
): Promise<void> {
  await recordWait(deps, input, 'FEEDBACK');
  const ticket = await load(deps, input.ticketId);
  if (ticket.status === 'REOPENED') {
    await deps.workflow.resume(input.taskToken, { outcome: 'REOPENED' } satisfies FeedbackWaitOutcome);
  } else if (
    ticket.status === 'CLOSED' &&
    ticket.resolvedAt !== null &&
    (await deps.tickets.getFeedback(ticket.ticketId, ticket.resolvedAt))
  ) {
    await deps.workflow.resume(input.taskToken, { outcome: 'SATISFIED' } satisfies FeedbackWaitOutcome);
  }
}
