import { awaitsCitizen } from '../../domain/referral.ts';
import type { CitizenWaitOutcome } from '../../domain/workflow-wait.ts';
import { recordWait, ticketAndReferral, type WorkflowStepDeps } from './step.ts';

/**
 * Pauses while the agency waits for the citizen's answer to its question (the SLA clock is
 * stopped): records the task token, then looks once more in case the answer, or the agency going
 * on without it, came before the token was recorded.
 */
export async function awaitCitizenStep(
  deps: Pick<WorkflowStepDeps, 'tickets' | 'workflow' | 'now'>,
  input: { ticketId: string; referralId: string; taskToken: string },
): Promise<void> {
  await recordWait(deps, input, 'CITIZEN');
  const { referral } = await ticketAndReferral(deps, input);
  if (!awaitsCitizen(referral))
    await deps.workflow.resume(input.taskToken, { outcome: 'REPLIED' } satisfies CitizenWaitOutcome);
}
