import type { TaskTokens } from '../adapters/ticket-workflow.ts';
import { agencyActor } from '../domain/audit.ts';
import { ConflictError } from '../domain/errors.ts';
import { awaitsCitizen, type Referral, type ReferralStatus } from '../domain/referral.ts';
import { isAllowedTransition, type TicketStatus } from '../domain/status.ts';
import { changeStatus, type Ticket } from '../domain/ticket.ts';
import type { AgencyWaitOutcome, CitizenWaitOutcome } from '../domain/workflow-wait.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import { agencyOutcome } from './workflow/step.ts';

/** The ticket status that goes with each referral status. */
export const TICKET_STATUS_FOR_REFERRAL: Readonly<Record<ReferralStatus, TicketStatus | null>> = {
  PENDING: null,
  ACKNOWLEDGED: 'IN_PROGRESS',
  IN_PROGRESS: 'IN_PROGRESS',
  NEEDS_INFO: 'AWAITING_CITIZEN',
  RESOLVED: 'RESOLVED',
  NOT_RESPONSIBLE: 'CLASSIFICATION_REVIEW',
  WITHDRAWN: null,
};

/** What the citizen reads on the timeline when the agency moves their request. */
export const PUBLIC_NOTE_FOR_REFERRAL: Readonly<Partial<Record<ReferralStatus, string>>> = {
  ACKNOWLEDGED: 'دستگاه مسئول درخواست شما را دریافت کرد.',
  IN_PROGRESS: 'دستگاه مسئول در حال رسیدگی به درخواست شماست.',
  NEEDS_INFO: 'دستگاه مسئول برای رسیدگی به اطلاعات بیشتری از شما نیاز دارد.',
  RESOLVED: 'دستگاه مسئول نتیجه رسیدگی را اعلام کرد.',
  NOT_RESPONSIBLE: 'درخواست شما برای ارجاع به دستگاه مسئول دیگری بررسی می‌شود.',
};

/** Every ticket the referral answers: one, or all the citizens of a duplicate cluster. */
export async function membersOf(tickets: TicketStore, referral: Referral): Promise<Ticket[]> {
  if (!referral.clusterId) {
    const ticket = await tickets.getTicket(referral.ticketId);
    return ticket ? [ticket] : [];
  }
  const members: Ticket[] = [];
  let cursor: string | null = null;
  do {
    const page = await tickets.listCluster(referral.clusterId, { cursor, limit: 200 });
    members.push(...page.items.filter((t) => t.currentReferralId === referral.referralId));
    cursor = page.nextCursor;
  } while (cursor);
  return members;
}

/**
 * Brings every member ticket in line with its referral (status and timeline note), and for a
 * final answer resumes each member's waiting workflow. Safe to repeat: members already in line
 * are left alone, so the agency's repeat, a member's timeout check or the next answer all heal
 * a propagation that was cut short.
 */
export async function syncMembers(
  deps: { tickets: TicketStore; workflow: TaskTokens; now: () => Date },
  referral: Referral,
  /** This change ended a wait for the citizen (an answer, or the agency going on without one). */
  options: { questionClosed?: boolean; followUpMoved?: boolean } = {},
): Promise<number> {
  const target = TICKET_STATUS_FOR_REFERRAL[referral.status];
  let moved = 0;
  const members = await membersOf(deps.tickets, referral);
  for (const member of members) {
    if (!target || member.status === target || !isAllowedTransition(member.status, target, 'agency'))
      continue;
    const note =
      referral.status === 'RESOLVED'
        ? (referral.publicSummary ?? PUBLIC_NOTE_FOR_REFERRAL.RESOLVED)
        : PUBLIC_NOTE_FOR_REFERRAL[referral.status];
    try {
      await deps.tickets.saveTicketChange(
        changeStatus(member, {
          to: target,
          actor: agencyActor(referral.agencyId),
          reason: `referral ${referral.referralId}: ${referral.status}`,
          now: deps.now(),
          type: 'AGENCY_RESPONSE',
          ...(note ? { publicNote: note } : {}),
        }),
      );
      moved++;
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  // Waiting workflows move on at a final answer, at a question for the citizen, and (for those
  // waiting on the citizen) when the question is answered or the agency goes on without it. An
  // expected date moves the follow-up: agency waits are woken to wait until the new date.
  const outcome = agencyOutcome(referral);
  if (outcome !== 'OPEN' || options.questionClosed || options.followUpMoved) {
    for (const member of members) {
      const wait = await deps.tickets.getWait(member.ticketId);
      if (wait?.referralId !== referral.referralId) continue;
      if (wait.kind === 'AGENCY' && (outcome !== 'OPEN' || options.followUpMoved))
        await deps.workflow.resume(wait.taskToken, {
          outcome: outcome === 'OPEN' ? 'FOLLOW_UP' : outcome,
        } satisfies AgencyWaitOutcome);
      if (wait.kind === 'CITIZEN' && !awaitsCitizen(referral))
        await deps.workflow.resume(wait.taskToken, { outcome: 'REPLIED' } satisfies CitizenWaitOutcome);
    }
  }
  return moved;
}
