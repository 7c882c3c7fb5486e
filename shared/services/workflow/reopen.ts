import { systemActor } from '../../domain/audit.ts';
import { newReferralId } from '../../domain/ids.ts';
import { isOpenReferral, openReferral } from '../../domain/referral.ts';
import { computeDueAt } from '../../domain/sla.ts';
import { changeStatus } from '../../domain/ticket.ts';
import { followUpSeconds, load, type WaitPlan, type WorkflowStepDeps, WorkflowStepError } from './step.ts';

/** Where a reopened request goes: back to its agency (and its wait), or to a supervisor's review. */
export type ReopenPlan = (WaitPlan & { decision: 'REFER' }) | { decision: 'REVIEW' };

/** From the second reopen on, a supervisor decides instead of the same agency trying again. */
export const REOPENS_BEFORE_SUPERVISOR = 1;

/**
 * The citizen was not satisfied with the result. The first time, the request goes back to the same
 * agency on a new referral, already escalated (the supervisor is told) and carrying the citizen's
 * reason; after that a supervisor decides in review. A repeat finds the work done.
 */
export async function reopenStep(
  deps: Pick<WorkflowStepDeps, 'tickets' | 'catalog' | 'now'>,
  input: { ticketId: string },
): Promise<ReopenPlan> {
  const ticket = await load(deps, input.ticketId);
  const now = deps.now();
  if (ticket.status === 'CLASSIFICATION_REVIEW') return { decision: 'REVIEW' };
  if (ticket.status === 'REFERRED' && ticket.currentReferralId) {
    const current = await deps.tickets.getReferral(ticket.currentReferralId);
    if (current && isOpenReferral(current.status))
      return {
        decision: 'REFER',
        referralId: current.referralId,
        seconds: await followUpSeconds(deps, current, now),
        outcome: 'OPEN',
      };
  }
  if (ticket.status !== 'REOPENED')
    throw new WorkflowStepError(`ticket ${ticket.ticketId} is ${ticket.status}`);
  if (ticket.reopenCount > REOPENS_BEFORE_SUPERVISOR || !ticket.category || !ticket.agencyId) {
    await deps.tickets.saveTicketChange(
      changeStatus(ticket, {
        to: 'CLASSIFICATION_REVIEW',
        actor: systemActor('reopen'),
        reason: `reopened ${ticket.reopenCount} times: a supervisor decides`,
        now,
        publicNote: 'درخواست شما برای تصمیم‌گیری به سرپرست ارجاع شد.',
      }),
    );
    return { decision: 'REVIEW' };
  }
  const catalog = await deps.catalog();
  const category = catalog.category(ticket.category);
  const agency = catalog.agency(ticket.agencyId);
  if (!category || !agency)
    throw new WorkflowStepError(`no agency ${ticket.agencyId} for ${ticket.category}`);
  const feedback =
    ticket.resolvedAt !== null ? await deps.tickets.getFeedback(ticket.ticketId, ticket.resolvedAt) : null;
  const dueAt = computeDueAt({
    receivedAt: now,
    category,
    urgency: ticket.urgency,
    calendar: catalog.data.policy.calendar,
  });
  const referral = {
    ...openReferral({
      referralId: newReferralId(),
      // Alone: the citizens of a cluster were answered; this one was not satisfied.
      ticket: { ...ticket, clusterId: null },
      agencyId: agency.id,
      category: category.code,
      urgency: ticket.urgency,
      dueAt,
      now,
    }),
    escalationLevel: 1 as const,
    lastMessage: `شهروند از نتیجه رسیدگی راضی نبود (امتیاز ${feedback?.rating ?? '-'} از ۵)${
      feedback?.comment ? `: ${feedback.comment}` : '.'
    }`,
  };
  await deps.tickets.createReferral(
    referral,
    changeStatus(ticket, {
      to: 'REFERRED',
      actor: systemActor('reopen'),
      reason: `reopened: referred again to ${agency.id} with escalation, due ${dueAt.toISOString()}`,
      now,
      type: 'REFERRED',
      publicNote: `درخواست شما دوباره به «${agency.nameFa}» ارجاع شد و سرپرست پیگیری می‌کند.`,
      patch: { currentReferralId: referral.referralId, clusterId: null },
    }),
  );
  return {
    decision: 'REFER',
    referralId: referral.referralId,
    seconds: await followUpSeconds(deps, referral, now),
    outcome: 'OPEN',
  };
}
