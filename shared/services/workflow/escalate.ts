import { auditEvent, systemActor } from '../../domain/audit.ts';
import { ConflictError } from '../../domain/errors.ts';
import { escalationAt } from '../../domain/referral.ts';
import { syncMembers } from '../referral-members.ts';
import {
  agencyOutcome,
  leftReferral,
  ticketAndReferral,
  type WaitPlan,
  type WorkflowStepDeps,
} from './step.ts';

/**
 * The follow-up check: the agency missed its due date (or the date it said it expected a result
 * by): raise the escalation level (supervisor, then the governor's office) and wait again for a
 * share of the SLA; before that date, wait until it. If the agency has answered meanwhile, say so.
 */
export async function escalateStep(
  deps: WorkflowStepDeps,
  input: { ticketId: string; referralId: string },
): Promise<WaitPlan & { escalationLevel: number }> {
  const { ticket, referral } = await ticketAndReferral(deps, input);
  const outcome = agencyOutcome(referral);
  if (outcome !== 'OPEN') {
    // The answer came but this execution missed it (a lost resume): catch the ticket up.
    await syncMembers(deps, referral);
    return {
      referralId: referral.referralId,
      seconds: 1,
      outcome,
      escalationLevel: referral.escalationLevel,
    };
  }
  if (leftReferral(ticket, referral.referralId)) {
    return {
      referralId: referral.referralId,
      seconds: 1,
      outcome: 'NOT_RESPONSIBLE',
      escalationLevel: referral.escalationLevel,
    };
  }
  const now = deps.now();
  const catalog = await deps.catalog();
  const { level, secondsToNextCheck } = escalationAt(
    referral,
    now,
    catalog.data.policy.escalationRewaitFraction,
  );
  if (level > referral.escalationLevel) {
    try {
      await deps.tickets.saveReferralChange({
        before: referral,
        after: {
          ...referral,
          escalationLevel: level,
          updatedAt: now.toISOString(),
          version: referral.version + 1,
        },
        event: auditEvent({
          ticketId: ticket.ticketId,
          type: 'ESCALATED',
          at: now,
          actor: systemActor('escalate'),
          from: ticket.status,
          to: ticket.status,
          reason: `referral ${referral.referralId} ${
            referral.expectedBy
              ? `past its expected date ${referral.expectedBy}`
              : `overdue since ${referral.dueAt}`
          }; escalated to ${level === 1 ? 'supervisor' : "governor's office"}`,
        }),
      });
    } catch (error) {
      // Another execution waiting on the same referral escalated it first: nothing left to do.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return {
    referralId: referral.referralId,
    seconds: secondsToNextCheck,
    outcome: 'OPEN',
    escalationLevel: Math.max(level, referral.escalationLevel),
  };
}
