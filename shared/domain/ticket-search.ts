import { z } from 'zod';
import { MobileSchema, NationalIdSchema } from './citizen.ts';
import { CategoryCodeSchema, countyInputSchema, type ReferenceCatalog } from './reference.ts';
import { TicketStatusSchema } from './status.ts';
import type { Ticket } from './ticket.ts';
import { parseTrackingCode } from './tracking-code.ts';

/** One page of a staff search: modest, so a list answers quickly. */
export const SEARCH_PAGE_DEFAULT = 50;
export const SEARCH_PAGE_MAX = 100;

const DayOrMoment = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * The body of `POST /api/v1/staff/tickets/search`. Personal values (mobile, national ID) travel in
 * the body, never the URL, and are looked up through their keyed hashes. A search names what it
 * is found by (a code, a citizen, a status, overdue referrals, or a county with a category) and
 * may narrow it with the rest.
 */
export function ticketSearchSchema(catalog: ReferenceCatalog) {
  return z
    .strictObject({
      trackingCode: z
        .string()
        .max(40)
        .transform((value, ctx) => {
          const code = parseTrackingCode(value);
          if (code === null) {
            ctx.addIssue({ code: 'custom', message: 'invalid_tracking_code' });
            return z.NEVER;
          }
          return code;
        })
        .optional(),
      mobile: MobileSchema.optional(),
      nationalId: NationalIdSchema.optional(),
      status: TicketStatusSchema.optional(),
      county: countyInputSchema(catalog).optional(),
      agencyId: z
        .string()
        .max(64)
        .refine((id) => catalog.agency(id) !== undefined, 'unknown_agency')
        .optional(),
      category: CategoryCodeSchema.refine(
        (code) => catalog.category(code) !== undefined,
        'unknown_category',
      ).optional(),
      /** Referrals past their due date and still open (by agency when one is named). */
      overdue: z.literal(true).optional(),
      receivedFrom: DayOrMoment.optional(),
      receivedTo: DayOrMoment.optional(),
      cursor: z.string().max(2048).optional(),
      limit: z.number().int().min(1).max(SEARCH_PAGE_MAX).optional(),
    })
    .refine(
      (q) =>
        q.trackingCode !== undefined ||
        q.mobile !== undefined ||
        q.nationalId !== undefined ||
        q.status !== undefined ||
        q.overdue === true ||
        (q.county !== undefined && q.category !== undefined),
      { message: 'search_needs_a_key', path: ['status'] },
    );
}
export type TicketSearch = z.infer<ReturnType<typeof ticketSearchSchema>>;

/** The start of a day (a date) or the moment given. */
const instant = (value: string) => new Date(value.length === 10 ? `${value}T00:00:00Z` : value);

/** Whether a ticket found by the search's key also meets the rest of its filters. */
export function matchesSearch(ticket: Ticket, q: TicketSearch): boolean {
  if (q.status !== undefined && ticket.status !== q.status) return false;
  if (q.county !== undefined && ticket.county !== q.county) return false;
  if (q.agencyId !== undefined && ticket.agencyId !== q.agencyId) return false;
  if (q.category !== undefined && ticket.category !== q.category) return false;
  const received = new Date(ticket.receivedAt).getTime();
  if (q.receivedFrom !== undefined && received < instant(q.receivedFrom).getTime()) return false;
  if (q.receivedTo !== undefined) {
    // A date includes its whole day.
    const to = instant(q.receivedTo).getTime() + (q.receivedTo.length === 10 ? 86_400_000 : 0);
    if (received >= to) return false;
  }
  return true;
}

/** The date window of an area search: the filters', or the last year up to now. */
export function searchWindow(q: TicketSearch, now: Date): { from: Date; to: Date } {
  const to = q.receivedTo
    ? new Date(instant(q.receivedTo).getTime() + (q.receivedTo.length === 10 ? 86_400_000 : 0))
    : new Date(now.getTime() + 60_000);
  const from = q.receivedFrom ? instant(q.receivedFrom) : new Date(to.getTime() - 366 * 86_400_000);
  return { from, to };
}
