import { auditEvent, staffActor } from '../domain/audit.ts';
import { contactViewFor, maskedText, maskedTicket } from '../domain/contact-masking.ts';
import { assertInCounty, NotFoundError } from '../domain/errors.ts';
import { publicStatus } from '../domain/status.ts';
import { parseTrackingCode } from '../domain/tracking-code.ts';
import { redactForPublic } from '../persian/redact.ts';
import type { ScanStore } from '../store/scan-store.ts';
import type { TicketStore } from '../store/ticket-store.ts';

export class RevealNotAllowedError extends Error {
  constructor() {
    super('this role may not reveal contact details');
    this.name = 'RevealNotAllowedError';
  }
}

/**
 * A case as a staff member sees it: the ticket with contact details masked for their role, its
 * history and referrals. Revealing the contact details is recorded in the history first, so no
 * reveal goes unrecorded.
 */
export async function readCase(
  deps: {
    tickets: TicketStore;
    now: () => Date;
    /** Time-limited links to the documents agencies attached to their answers. */
    documents?: Pick<ScanStore, 'downloadUrl'>;
  },
  staff: { username: string; groups: readonly string[]; county: string | null },
  /** The ticket's id or its tracking code. */
  reference: string,
  reveal: boolean,
) {
  // Staff may name a case by its tracking code as read out by a caller (any digits, grouped).
  const code = parseTrackingCode(reference);
  const found =
    code !== null
      ? await deps.tickets.getTicketByTrackingCode(code)
      : reference.length <= 64
        ? await deps.tickets.getTicket(reference)
        : null;
  if (!found) throw new NotFoundError('ticket');
  assertInCounty(staff, found.county);
  const ticket = found;
  const ticketId = ticket.ticketId;
  const view = contactViewFor(staff.groups, reveal);
  if (reveal && view !== 'revealed') throw new RevealNotAllowedError();
  if (view === 'revealed') {
    await deps.tickets.recordEvent(
      auditEvent({
        ticketId,
        type: 'CONTACT_REVEALED',
        at: deps.now(),
        actor: staffActor(staff.username),
        from: ticket.status,
        to: ticket.status,
        reason: 'contact details revealed on the case',
      }),
    );
  }
  const [events, referrals] = await Promise.all([
    deps.tickets.listEvents(ticketId),
    deps.tickets.listReferralsOfTicket(ticketId),
  ]);
  return {
    ticket: { ...maskedTicket(ticket, view), publicStatus: publicStatus(ticket.status) },
    contact: view,
    // What the tracking page publishes of each public note, and what it took out (the moderator's view).
    events: events.map((event) => {
      if (!event.publicNote) return event;
      const published = redactForPublic(event.publicNote, [
        ticket.citizen.firstName,
        ticket.citizen.lastName,
      ]);
      return {
        ...event,
        // The note as written holds what was removed: in full only when contact details are revealed.
        publicNote: maskedText(event.publicNote, view),
        publicNoteAsPublished: published.text,
        publicNoteRemoved: published.removed,
      };
    }),
    referrals: await Promise.all(
      referrals.map(async (r) => ({
        ...r,
        text: maskedText(r.text, view),
        // An agency's documents may show the citizen: linked for caseworkers, not for ops.
        attachments:
          view === 'none' || !deps.documents
            ? r.attachments.map(({ key, contentType, size }) => ({ key, contentType, size }))
            : await Promise.all(
                r.attachments.map(async (a) => ({ ...a, ...(await deps.documents?.downloadUrl(a.key)) })),
              ),
      })),
    ),
  };
}
