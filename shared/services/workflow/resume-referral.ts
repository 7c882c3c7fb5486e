import { auditEvent, systemActor } from '../../domain/audit.ts';
import { ConflictError } from '../../domain/errors.ts';
import { awaitsCitizen, endPause } from '../../domain/referral.ts';
import { syncMembers } from '../referral-members.ts';
import {
  agencyOutcome,
  followUpSeconds,
  leftReferral,
  ticketAndReferral,
  type WaitPlan,
  type WorkflowStepDeps,
} from './step.ts';

/** What the agency is told when the citizen does not answer its question in time. */
export const NO_ANSWER_NOTE =
  'شهروند در مهلت تعیین‌شده به پرسش پاسخ نداد؛ دستگاه تصمیم بگیرد: اعلام نتیجه یا ادامه رسیدگی.';

/**
 * After the wait for the citizen: answered (the reply moved the referral on), or not in time, when
 * the SLA clock starts again and the agency decides (close with a result, or go on). Either way
 * the workflow waits for the agency again, until the due date moved on by the pause.
 */
export async function resumeReferralStep(
  deps: Pick<WorkflowStepDeps, 'tickets' | 'workflow' | 'now' | 'catalog'>,
  input: { ticketId: string; referralId: string },
): Promise<WaitPlan> {
  const { ticket, referral: read } = await ticketAndReferral(deps, input);
  const now = deps.now();
  let referral = read;
  if (awaitsCitizen(read)) {
    const after = {
      ...endPause(read, now),
      lastMessage: NO_ANSWER_NOTE,
      updatedAt: now.toISOString(),
      version: read.version + 1,
    };
    try {
      referral = await deps.tickets.saveReferralChange({
        before: read,
        after,
        event: auditEvent({
          ticketId: ticket.ticketId,
          type: 'NOTE',
          at: now,
          actor: systemActor('resume-referral'),
          from: ticket.status,
          to: ticket.status,
          reason: `no answer from the citizen since ${read.pausedAt}: the agency decides; due ${after.dueAt}`,
        }),
      });
    } catch (error) {
      // The citizen answered at this very moment: the referral has moved on without this step.
      if (!(error instanceof ConflictError)) throw error;
      return { referralId: read.referralId, seconds: 1, outcome: 'OPEN' };
    }
  }
  const outcome = agencyOutcome(referral);
  if (outcome !== 'OPEN') await syncMembers(deps, referral);
  if (outcome === 'OPEN' && leftReferral(ticket, referral.referralId))
    return { referralId: referral.referralId, seconds: 1, outcome: 'NOT_RESPONSIBLE' };
  return { referralId: referral.referralId, seconds: await followUpSeconds(deps, referral, now), outcome };
}
