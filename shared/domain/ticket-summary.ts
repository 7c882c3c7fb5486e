import { maskedText } from './contact-masking.ts';
import { publicStatus } from './status.ts';
import type { Ticket } from './ticket.ts';
import { spokenTrackingCode } from './tracking-code.ts';

/** A request in a staff list (search, a citizen's open requests): enough to tell which matter it is. */
export interface TicketSummary {
  ticketId: string;
  trackingCode: string;
  trackingCodeSpoken: string;
  status: Ticket['status'];
  publicStatus: ReturnType<typeof publicStatus>;
  channel: Ticket['channel'];
  county: string;
  category: string | null;
  agencyId: string | null;
  urgency: Ticket['urgency'];
  receivedAt: string;
  subject: string | null;
  /** The request's opening words, its numbers removed (masked as on a case). */
  excerpt: string;
}

const EXCERPT_CHARS = 160;

export function ticketSummary(ticket: Ticket): TicketSummary {
  return {
    ticketId: ticket.ticketId,
    trackingCode: ticket.trackingCode,
    trackingCodeSpoken: spokenTrackingCode(ticket.trackingCode),
    status: ticket.status,
    publicStatus: publicStatus(ticket.status),
    channel: ticket.channel,
    county: ticket.county,
    category: ticket.category,
    agencyId: ticket.agencyId,
    urgency: ticket.urgency,
    receivedAt: ticket.receivedAt,
    subject: ticket.subject,
    excerpt: maskedText(ticket.text.slice(0, EXCERPT_CHARS), 'masked'),
  };
}
