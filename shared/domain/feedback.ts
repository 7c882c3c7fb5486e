import { z } from 'zod';
import { digitsOnly } from '../persian/digits.ts';
import { normalizePersian } from '../persian/normalize.ts';
import { citizenActor } from './audit.ts';
import { canReopen, changeStatus, type Ticket, type TicketChange } from './ticket.ts';

/** The second factor a citizen gives beside the tracking code: the mobile's last four digits (any script). */
export const LastFourDigitsSchema = z
  .string()
  .max(16)
  .transform((v) => digitsOnly(v))
  .pipe(z.string().regex(/^\d{4}$/, 'invalid_last_four'));

/** A rating at or below this is "not satisfied": within the reopen window it reopens the request. */
export const UNSATISFIED_AT_MOST = 2;

/** The body of `POST /api/v1/requests/{trackingCode}/feedback` (the second factor in the body, never the URL). */
export const FeedbackInputSchema = z.strictObject({
  mobile: LastFourDigitsSchema,
  rating: z.number().int().min(1).max(5),
  comment: z
    .string()
    .max(2000)
    .transform((v) => normalizePersian(v))
    .pipe(z.string().max(1000))
    .optional(),
});
export type FeedbackInput = z.output<typeof FeedbackInputSchema>;

/** A citizen's rating of a result: given once, kept per agency for the public figures. */
export interface Feedback {
  ticketId: string;
  agencyId: string | null;
  referralId: string | null;
  category: string | null;
  county: string;
  rating: number;
  comment: string | null;
  at: string;
  /** The result rated (a request reopened and resolved again is rated again). */
  resolvedAt: string;
  reopened: boolean;
}

/** Feedback before a result, or on a request that never had one. */
export class FeedbackNotAllowedError extends Error {
  constructor() {
    super('feedback is taken only after a result');
    this.name = 'FeedbackNotAllowedError';
  }
}

/**
 * What a rating does to the request: an unhappy one within the reopen window reopens it (one
 * more reopen counted); any other closes a resolved request; on a closed one it is only recorded.
 */
export function applyFeedback(
  ticket: Ticket,
  input: FeedbackInput,
  policy: { reopenWindowDays: number },
  now: Date,
): { feedback: Feedback; change: TicketChange | null } {
  if (ticket.status !== 'RESOLVED' && ticket.status !== 'CLOSED') throw new FeedbackNotAllowedError();
  if (ticket.resolvedAt === null) throw new FeedbackNotAllowedError();
  const reopen = input.rating <= UNSATISFIED_AT_MOST && canReopen(ticket, now, policy.reopenWindowDays);
  const feedback: Feedback = {
    ticketId: ticket.ticketId,
    agencyId: ticket.agencyId,
    referralId: ticket.currentReferralId,
    category: ticket.category,
    county: ticket.county,
    rating: input.rating,
    comment: input.comment || null,
    at: now.toISOString(),
    resolvedAt: ticket.resolvedAt,
    reopened: reopen,
  };
  const reason = `citizen rated the result ${input.rating} of 5`;
  const change = reopen
    ? changeStatus(ticket, {
        to: 'REOPENED',
        actor: citizenActor(),
        reason: `${reason}: reopened`,
        now,
        type: 'FEEDBACK',
        patch: { reopenCount: ticket.reopenCount + 1 },
        publicNote: 'درخواست شما دوباره باز شد و دوباره پیگیری می‌شود.',
      })
    : ticket.status === 'RESOLVED'
      ? changeStatus(ticket, {
          to: 'CLOSED',
          actor: citizenActor(),
          reason,
          now,
          type: 'FEEDBACK',
          publicNote: 'از نظر شما سپاسگزاریم؛ درخواست بسته شد.',
        })
      : null;
  return { feedback, change };
}
