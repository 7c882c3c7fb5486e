import { auditEvent, systemActor } from '../../domain/audit.ts';
import { ConflictError } from '../../domain/errors.ts';
import { escalationAt, followUpBy, type Referral, reminderAt } from '../../domain/referral.ts';
import type { Ticket } from '../../domain/ticket.ts';
import { syncMembers } from '../referral-members.ts';
import {
  agencyOutcome,
  leftReferral,
  secondsUntil,
  ticketAndReferral,
  type WaitPlan,
  type WorkflowStepDeps,
} from './step.ts';

/**
 * The follow-up check of an open referral. At the reminder, a share of the SLA before the due
 * date: the agency is reminded. Past the due date (or the date the agency said it expected a
 * result by): the escalation level rises (supervisor, then the governor's office) and the check
 * waits a share of the SLA again; before that date, it waits until it. If the agency has answered
 * meanwhile, say so.
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
  const { policy } = (await deps.catalog()).data;
  const remindAt = reminderAt(referral, policy.reminderLeadFraction);
  if (remindAt && now >= remindAt && now < new Date(followUpBy(referral))) {
    await remind(deps, ticket, referral, now);
    return {
      referralId: referral.referralId,
      seconds: secondsUntil(new Date(followUpBy(referral)), now),
      outcome: 'OPEN',
      escalationLevel: referral.escalationLevel,
    };
  }
  const { level, secondsToNextCheck } = escalationAt(referral, now, policy.escalationRewaitFraction);
  if (level > referral.escalationLevel) {
    try {
      await deps.tickets.saveReferralChange({
        before: referral,
        after: {
          ...referral,
          escalationLevel: level,
          escalatedAt: now.toISOString(),
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

/**
 * The due date is near: the referral records the reminder (a change its agency's webhook and
 * incremental polling see) and the history says so. Once per referral.
 */
async function remind(deps: WorkflowStepDeps, ticket: Ticket, referral: Referral, now: Date): Promise<void> {
  try {
    await deps.tickets.saveReferralChange({
      before: referral,
      after: {
        ...referral,
        remindedAt: now.toISOString(),
        updatedAt: now.toISOString(),
        version: referral.version + 1,
      },
      event: auditEvent({
        ticketId: ticket.ticketId,
        type: 'REMINDED',
        at: now,
        actor: systemActor('escalate'),
        from: ticket.status,
        to: ticket.status,
        reason: `agency ${referral.agencyId} reminded: referral ${referral.referralId} due ${followUpBy(referral)}`,
      }),
    });
  } catch (error) {
    // Another execution on the same referral reminded it first.
    if (!(error instanceof ConflictError)) throw error;
  }
}
