import { z } from 'zod';
import { citizenActor } from '../domain/audit.ts';
import { amendTicket, type Ticket } from '../domain/ticket.ts';
import type { TicketStore } from '../store/ticket-store.ts';

export const MobileConfirmationSchema = z.strictObject({ token: z.string().trim().min(1).max(64) });

export interface ConfirmMobileDeps {
  tickets: Pick<TicketStore, 'getTicketByTrackingCode' | 'saveTicketChange'>;
  /** Whether `token` is the one the confirmation SMS to `mobile` carried for this ticket. */
  isToken: (ticketId: string, mobile: string, token: string) => boolean;
  now: () => Date;
}

/**
 * The writer of a paper letter followed the confirmation SMS: the number OCR read is theirs, and
 * from now on they are told of their request by SMS. Null for an unknown code or a wrong token
 * (one answer for both: the route reveals nothing to a guesser). Confirming twice is harmless.
 */
export async function confirmMobile(
  deps: ConfirmMobileDeps,
  trackingCode: string,
  input: z.output<typeof MobileConfirmationSchema>,
): Promise<Ticket | null> {
  const ticket = await deps.tickets.getTicketByTrackingCode(trackingCode);
  const mobile = ticket?.citizen.mobile;
  if (!ticket || !mobile || !deps.isToken(ticket.ticketId, mobile, input.token)) return null;
  if (ticket.mobileConfirmation !== 'PENDING') return ticket;
  return deps.tickets.saveTicketChange(
    amendTicket(ticket, {
      patch: { mobileConfirmation: 'CONFIRMED' },
      actor: citizenActor(),
      reason: 'mobile number read by OCR confirmed by the citizen (the confirmation SMS)',
      now: deps.now(),
      type: 'CITIZEN_UPDATED',
    }),
  );
}
