import { z } from 'zod';
import { auditEvent, staffActor } from '../domain/audit.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Ticket } from '../domain/ticket.ts';
import { normalizePersian } from '../persian/normalize.ts';
import type { TicketStore } from '../store/ticket-store.ts';

/**
 * A note on a case. Internal notes are for staff only; a public note is also shown to the citizen
 * on the tracking page (with identifying numbers and the citizen's name taken out there).
 */
export const CaseNoteSchema = z.strictObject({
  text: z
    .string()
    .max(2000)
    .transform((value) => normalizePersian(value))
    .pipe(z.string().min(1, 'blank_text')),
  visibility: z.enum(['INTERNAL', 'PUBLIC']),
});
export type CaseNote = z.infer<typeof CaseNoteSchema>;

export async function addCaseNote(
  deps: { tickets: Pick<TicketStore, 'getTicket' | 'recordEvent'>; now: () => Date },
  staff: string,
  ticketId: string,
  note: CaseNote,
): Promise<{ ticket: Ticket; eventId: string }> {
  const ticket = await deps.tickets.getTicket(ticketId);
  if (!ticket) throw new NotFoundError('ticket');
  const event = auditEvent({
    ticketId,
    type: 'NOTE',
    at: deps.now(),
    actor: staffActor(staff),
    from: ticket.status,
    to: ticket.status,
    reason: note.visibility === 'INTERNAL' ? note.text.slice(0, 1000) : 'public note',
    ...(note.visibility === 'PUBLIC' ? { publicNote: note.text } : {}),
  });
  await deps.tickets.recordEvent(event);
  return { ticket, eventId: event.eventId };
}
