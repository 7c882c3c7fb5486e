import { assertInCounty, NotFoundError } from '../domain/errors.ts';
import type { Ticket } from '../domain/ticket.ts';
import type { TicketStore } from '../store/ticket-store.ts';

/**
 * The ticket a staff member names, if their county scope reaches it: a county office's account
 * works on its county's requests only (OutsideCountyError, a 403, for another county's).
 */
export async function ticketInScope(
  tickets: Pick<TicketStore, 'getTicket'>,
  staff: { county: string | null },
  ticketId: string,
): Promise<Ticket> {
  const ticket = ticketId.length <= 64 ? await tickets.getTicket(ticketId) : null;
  if (!ticket) throw new NotFoundError('ticket');
  assertInCounty(staff, ticket.county);
  return ticket;
}

/** The county a scoped account's list is limited to: its own; another asked for is refused. */
export function scopedCounty(
  staff: { county: string | null },
  asked: string | undefined,
): string | undefined {
  if (asked !== undefined) assertInCounty(staff, asked);
  return staff.county ?? asked;
}
