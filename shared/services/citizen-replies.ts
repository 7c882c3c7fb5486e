import { z } from 'zod';
import type { TaskTokens } from '../adapters/ticket-workflow.ts';
import { type Actor, citizenActor, staffActor } from '../domain/audit.ts';
import { LastFourDigitsSchema } from '../domain/feedback.ts';
import { awaitsCitizen, moveReferral } from '../domain/referral.ts';
import { OPERATOR_CHANNELS } from '../domain/request-input.ts';
import { changeStatus, type Ticket } from '../domain/ticket.ts';
import { normalizePersian } from '../persian/normalize.ts';
import type { LookupGuard } from '../store/lookup-guard.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import { syncMembers } from './referral-members.ts';
import { provenTicket } from './track-request.ts';

const ReplyTextSchema = z
  .string()
  .max(4000)
  .transform((v) => normalizePersian(v))
  .pipe(z.string().min(1, { message: 'blank_text', abort: true }).max(2000));

/** `POST /api/v1/requests/{trackingCode}/replies`: the citizen answers, proven by the mobile's last four digits. */
export const CitizenReplySchema = z.strictObject({ mobile: LastFourDigitsSchema, message: ReplyTextSchema });

/** `POST /api/v1/staff/tickets/{ticketId}/replies`: an operator relays the answer of a citizen who called or came. */
export const RelayedReplySchema = z.strictObject({
  channel: z.enum(OPERATOR_CHANNELS),
  message: ReplyTextSchema,
});

/** The request asked the citizen nothing (or the question was already answered or dropped). */
export class NoQuestionPendingError extends Error {
  constructor() {
    super('the agency is not waiting for an answer');
    this.name = 'NoQuestionPendingError';
  }
}

export interface ReplyDeps {
  tickets: TicketStore;
  workflow: TaskTokens;
  guard?: LookupGuard;
  now: () => Date;
}

/**
 * The citizen's answer to the agency's question: it reaches the agency as the referral's last
 * message, the SLA clock starts again with the due date moved on by the wait, the request is in
 * progress again, and the waiting workflow (every member's, for a duplicate cluster) goes on.
 */
async function deliverReply(deps: ReplyDeps, ticket: Ticket, message: string, actor: Actor, via: string) {
  if (ticket.status !== 'AWAITING_CITIZEN' || !ticket.currentReferralId) throw new NoQuestionPendingError();
  const referral = await deps.tickets.getReferral(ticket.currentReferralId);
  if (!referral || !awaitsCitizen(referral)) throw new NoQuestionPendingError();
  const now = deps.now();
  const saved = await deps.tickets.saveReferralChange({
    before: referral,
    after: moveReferral(referral, { to: 'IN_PROGRESS', now, message: `پاسخ شهروند (${via}): ${message}` }),
    ticketChange: changeStatus(ticket, {
      to: 'IN_PROGRESS',
      actor,
      reason: `the citizen answered the agency's question (${via})`,
      now,
      type: 'CITIZEN_REPLY',
      publicNote: 'پاسخ شما به دستگاه مسئول رسید.',
    }),
  });
  await syncMembers(deps, saved, { questionClosed: true });
  return saved;
}

export async function replyAsCitizen(
  deps: ReplyDeps,
  trackingCode: string,
  input: z.output<typeof CitizenReplySchema>,
): Promise<Ticket | null | 'locked'> {
  const ticket = await provenTicket(deps, trackingCode, input.mobile);
  if (ticket === null || ticket === 'locked') return ticket;
  await deliverReply(deps, ticket, input.message, citizenActor(), 'WEB');
  return ticket;
}

export async function relayReply(
  deps: ReplyDeps,
  operator: string,
  ticketId: string,
  input: z.output<typeof RelayedReplySchema>,
): Promise<Ticket | null> {
  const ticket = await deps.tickets.getTicket(ticketId);
  if (!ticket) return null;
  await deliverReply(deps, ticket, input.message, staffActor(operator), input.channel);
  return ticket;
}
