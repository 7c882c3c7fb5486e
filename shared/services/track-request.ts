import type { AuditEvent } from '../domain/audit.ts';
import type { ReferenceCatalog } from '../domain/reference.ts';
import { PUBLIC_STATUS_FA, type PublicStatus, publicStatus } from '../domain/status.ts';
import type { Ticket } from '../domain/ticket.ts';
import { mobileLastFour } from '../persian/mobile.ts';
import { redactForPublic } from '../persian/redact.ts';
import type { LookupGuard } from '../store/lookup-guard.ts';
import type { TicketStore } from '../store/ticket-store.ts';

export interface TimelineEntry {
  at: string;
  status: PublicStatus;
  statusFa: string;
  note: string | null;
}

/** What a citizen sees of their request: public status and notes, no internal detail. */
export interface PublicTicketView {
  trackingCode: string;
  status: PublicStatus;
  statusFa: string;
  category: string | null;
  categoryFa: string | null;
  agency: string | null;
  agencyFa: string | null;
  county: string;
  countyFa: string | null;
  receivedAt: string;
  updatedAt: string;
  timeline: TimelineEntry[];
}

/**
 * The ticket a citizen names by tracking code and proves with the last four digits of the
 * mobile; null for an unknown code, wrong digits or a ticket with no mobile alike, each counted
 * against the code; 'locked' after a few misses, even for the right digits.
 */
export async function provenTicket(
  deps: { tickets: Pick<TicketStore, 'getTicketByTrackingCode'>; guard?: LookupGuard | undefined },
  trackingCode: string,
  lastFourDigits: string,
): Promise<Ticket | null | 'locked'> {
  if (await deps.guard?.isLocked(trackingCode)) return 'locked';
  const ticket = await deps.tickets.getTicketByTrackingCode(trackingCode);
  if (!ticket?.citizen.mobile || mobileLastFour(ticket.citizen.mobile) !== lastFourDigits) {
    await deps.guard?.recordMiss(trackingCode);
    return null;
  }
  return ticket;
}

/**
 * Looks up a request by tracking code, proven by the last four digits of the citizen's mobile.
 * Unknown codes, wrong digits and tickets with no mobile all give null: the caller answers 404
 * for each alike, so the API does not reveal which codes exist. Each miss is counted against the
 * code; after a few the code is locked for a while ('locked'), even for the right digits, so the
 * 10,000 possible digits cannot be tried. (A stranger can lock a citizen out for that while: the
 * price of not letting them in.)
 */
export async function trackRequest(
  deps: { tickets: TicketStore; catalog: () => Promise<ReferenceCatalog>; guard?: LookupGuard },
  trackingCode: string,
  lastFourDigits: string,
): Promise<PublicTicketView | null | 'locked'> {
  const ticket = await provenTicket(deps, trackingCode, lastFourDigits);
  if (ticket === null || ticket === 'locked') return ticket;
  const [events, catalog] = await Promise.all([deps.tickets.listEvents(ticket.ticketId), deps.catalog()]);
  const category = ticket.category ? catalog.category(ticket.category) : undefined;
  const agency = ticket.agencyId ? catalog.agency(ticket.agencyId) : undefined;
  const status = publicStatus(ticket.status);
  return {
    trackingCode: ticket.trackingCode,
    status,
    statusFa: PUBLIC_STATUS_FA[status],
    category: ticket.category,
    categoryFa: category?.nameFa ?? null,
    agency: ticket.agencyId,
    agencyFa: agency?.nameFa ?? null,
    county: ticket.county,
    countyFa: catalog.county(ticket.county)?.nameFa ?? null,
    receivedAt: ticket.receivedAt,
    updatedAt: ticket.updatedAt,
    timeline: publicTimeline(events, [ticket.citizen.firstName, ticket.citizen.lastName]),
  };
}

/**
 * One entry per change of public status, plus every event that carries a note for the citizen;
 * `names` are the citizen's, kept out of the notes with identifying numbers.
 */
export function publicTimeline(
  events: readonly AuditEvent[],
  names: ReadonlyArray<string | null>,
): TimelineEntry[] {
  const timeline: TimelineEntry[] = [];
  let last: PublicStatus | null = null;
  for (const event of events) {
    const status = publicStatus(event.to);
    if (status === last && !event.publicNote) continue;
    timeline.push({
      at: event.at,
      status,
      statusFa: PUBLIC_STATUS_FA[status],
      // An agency's public summary is its own words: what identifies someone never reaches the page.
      note: event.publicNote ? redactForPublic(event.publicNote, names).text : null,
    });
    last = status;
  }
  return timeline;
}
