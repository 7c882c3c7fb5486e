import type { ReferenceCatalog } from '../domain/reference.ts';
import type { Referral } from '../domain/referral.ts';
import type { Ticket } from '../domain/ticket.ts';
import {
  matchesSearch,
  SEARCH_PAGE_DEFAULT,
  searchWindow,
  type TicketSearch,
} from '../domain/ticket-search.ts';
import { type TicketSummary, ticketSummary } from '../domain/ticket-summary.ts';
import type { Page, TicketStore } from '../store/ticket-store.ts';

export type SearchHit = TicketSummary & {
  /** For overdue searches: the referral that is late. */
  overdueReferral?: Pick<Referral, 'referralId' | 'agencyId' | 'dueAt' | 'escalationLevel'>;
};

type SearchStore = Pick<
  TicketStore,
  | 'getTicketByTrackingCode'
  | 'listByCitizen'
  | 'listByStatus'
  | 'listByArea'
  | 'listOpenReferrals'
  | 'getTickets'
>;

/**
 * Staff search: one indexed read for the search's key (code, citizen, status, overdue referrals,
 * or county and category), the rest of the filters applied to what it found. A page may hold
 * fewer items than asked when filters drop some; `nextCursor` goes on where the read stopped.
 */
export async function searchTickets(
  deps: { tickets: SearchStore; catalog: ReferenceCatalog; now: () => Date },
  q: TicketSearch,
): Promise<Page<SearchHit>> {
  const page = { cursor: q.cursor ?? null, limit: q.limit ?? SEARCH_PAGE_DEFAULT };
  let found: Page<Ticket>;
  if (q.trackingCode !== undefined) {
    const ticket = await deps.tickets.getTicketByTrackingCode(q.trackingCode);
    found = { items: ticket ? [ticket] : [], nextCursor: null };
  } else if (q.nationalId !== undefined || q.mobile !== undefined) {
    found = await deps.tickets.listByCitizen(
      q.nationalId !== undefined ? { nationalId: q.nationalId } : { mobile: q.mobile as string },
      page,
    );
  } else if (q.overdue) {
    return overdueReferrals(deps, q, page);
  } else if (q.status !== undefined) {
    found = await deps.tickets.listByStatus(q.status, page);
  } else {
    const window = searchWindow(q, deps.now());
    found = await deps.tickets.listByArea(
      { county: q.county as string, category: q.category as string, ...window },
      page,
    );
  }
  return {
    items: found.items.filter((t) => matchesSearch(t, q)).map(ticketSummary),
    nextCursor: found.nextCursor,
  };
}

/**
 * Open referrals past their due date, earliest due first: of one agency (paged), or of every
 * agency in the catalog (the first page of each, merged), with their tickets read in one batch.
 */
async function overdueReferrals(
  deps: { tickets: SearchStore; catalog: ReferenceCatalog; now: () => Date },
  q: TicketSearch,
  page: { cursor: string | null; limit: number },
): Promise<Page<SearchHit>> {
  const now = deps.now();
  const agencies = q.agencyId ? [q.agencyId] : deps.catalog.data.agencies.map((a) => a.id);
  const pages = await Promise.all(
    agencies.map((agencyId) =>
      deps.tickets.listOpenReferrals(agencyId, now, q.agencyId ? page : { limit: page.limit }),
    ),
  );
  const referrals = pages
    .flatMap((p) => p.items)
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt))
    .slice(0, page.limit);
  const tickets = new Map(
    (await deps.tickets.getTickets([...new Set(referrals.map((r) => r.ticketId))])).map((t) => [
      t.ticketId,
      t,
    ]),
  );
  const { agencyId: _agency, ...rest } = q;
  const items: SearchHit[] = [];
  for (const referral of referrals) {
    const ticket = tickets.get(referral.ticketId);
    // The referral is the agency's: the ticket's own agency may since have changed (a re-route).
    if (!ticket || !matchesSearch(ticket, rest)) continue;
    items.push({
      ...ticketSummary(ticket),
      overdueReferral: {
        referralId: referral.referralId,
        agencyId: referral.agencyId,
        dueAt: referral.dueAt,
        escalationLevel: referral.escalationLevel,
      },
    });
  }
  return { items, nextCursor: q.agencyId ? (pages[0]?.nextCursor ?? null) : null };
}
