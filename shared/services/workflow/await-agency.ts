import type { AgencyWaitOutcome } from '../../domain/workflow-wait.ts';
import { syncMembers } from '../referral-members.ts';
import { agencyOutcome, leftReferral, recordWait, ticketAndReferral, type WorkflowStepDeps } from './step.ts';

/**
 * Pauses for the agency's final answer: records the task token, then looks once more in case
 * the agency answered before the token was recorded, and if so resumes at once.
 */
export async function awaitAgencyStep(
  deps: WorkflowStepDeps,
  input: { ticketId: string; referralId: string; taskToken: string },
): Promise<void> {
  await recordWait(deps, input, 'AGENCY');
  // One read for both: whether the agency answered, and whether the ticket is still on it.
  const { ticket, referral } = await ticketAndReferral(deps, input);
  const outcome = agencyOutcome(referral);
  if (outcome !== 'OPEN') {
    await syncMembers(deps, referral);
    await deps.workflow.resume(input.taskToken, { outcome } satisfies AgencyWaitOutcome);
    return;
  }
  // A reviewer may have taken the ticket off this referral (re-route, unmerge) before this wait
  // was recorded, so their resume found no token: the ticket waits in review, and so should this.
  if (leftReferral(ticket, input.referralId)) {
    await deps.workflow.resume(input.taskToken, { outcome: 'NOT_RESPONSIBLE' } satisfies AgencyWaitOutcome);
  }
}
