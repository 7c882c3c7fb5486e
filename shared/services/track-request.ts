import type { AuditEvent } from '../domain/audit.ts';
import type { ReferenceCatalog } from '../domain/reference.ts';
import { PUBLIC_STATUS_FA, type PublicStatus, publicStatus } from '../domain/status.ts';
import { mobileLastFour } from '../persian/mobile.ts';
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
 * Looks up a request by tracking code, proven by the last four digits of the citizen's mobile.
 * Unknown codes, wrong digits and tickets with no mobile all give null: the caller answers 404
 * for each alike, so the API does not reveal which codes exist.
 */
export async function trackRequest(
  deps: { tickets: TicketStore; catalog: () => Promise<ReferenceCatalog> },
  trackingCode: string,
  lastFourDigits: string,
): Promise<PublicTicketView | null> {
  const ticket = await deps.tickets.getTicketByTrackingCode(trackingCode);
  if (!ticket?.citizen.mobile || mobileLastFour(ticket.citizen.mobile) !== lastFourDigits) return null;
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
    timeline: publicTimeline(events),
  };
}

/** One entry per change of public status, plus every event that carries a note for the citizen. */
export function publicTimeline(events: readonly AuditEvent[]): TimelineEntry[] {
  const timeline: TimelineEntry[] = [];
  let last: PublicStatus | null = null;
  for (const event of events) {
    const status = publicStatus(event.to);
    if (status === last && !event.publicNote) continue;
    timeline.push({
      at: event.at,
      status,
      statusFa: PUBLIC_STATUS_FA[status],
      note: event.publicNote ?? null,
    });
    last = status;
  }
  return timeline;
}
