import type { SmsRequest } from '../../events/contracts.ts';
import type { SmsProvider } from '../adapters/sms-provider.ts';
import type { AuditEvent } from '../domain/audit.ts';
import { confirmationSmsText, smsKindFor, smsText } from '../domain/notifications.ts';
import { redactForPublic } from '../persian/redact.ts';
import type { NotificationLog } from '../store/notification-log.ts';
import type { TicketStore } from '../store/ticket-store.ts';

/** The SMS a batch of new history events calls for, in order. */
export function smsRequestsFor(events: readonly AuditEvent[]): SmsRequest[] {
  return events.flatMap((event) => {
    const kind = smsKindFor(event);
    return kind ? [{ ticketId: event.ticketId, eventId: event.eventId, at: event.at, kind }] : [];
  });
}

export interface SendSmsDeps {
  tickets: Pick<TicketStore, 'getTicket' | 'getEvent'>;
  log: NotificationLog;
  provider: SmsProvider;
  /** The tracking page for a code: where the citizen follows, answers and rates. */
  trackingUrl: (trackingCode: string) => string;
  /** The tracking page that confirms an OCR-read number, with the token only that SMS carries. */
  confirmUrl: (trackingCode: string, ticketId: string, mobile: string) => string;
  now: () => Date;
}

/**
 * Tells the citizen of one event, once: the event's record is claimed first, so a redelivered
 * message finds it sent and does nothing. A failure leaves the claim open for the queue's retry.
 * The note is the event's public note with identifying numbers and names taken out, as on the
 * tracking page.
 */
export async function sendCitizenSms(
  deps: SendSmsDeps,
  request: SmsRequest,
): Promise<'sent' | 'already_sent' | 'no_mobile' | 'held'> {
  if ((await deps.log.claim(request)) === 'done') return 'already_sent';
  const [ticket, event] = await Promise.all([
    deps.tickets.getTicket(request.ticketId),
    deps.tickets.getEvent(request.ticketId, request.at, request.eventId),
  ]);
  const mobile = ticket?.citizen.mobile;
  if (!ticket || !event || !mobile) {
    await deps.log.finish(request.ticketId, request.eventId, {
      status: 'NO_MOBILE',
      at: deps.now().toISOString(),
    });
    return 'no_mobile';
  }
  // A number OCR read may be someone else's: it gets the confirmation message and nothing more
  // until the citizen confirms it.
  const unconfirmed = ticket.mobileConfirmation === 'PENDING';
  if (unconfirmed && request.kind !== 'RECEIVED') {
    await deps.log.finish(request.ticketId, request.eventId, {
      status: 'HELD',
      at: deps.now().toISOString(),
    });
    return 'held';
  }
  const note = event.publicNote
    ? redactForPublic(event.publicNote, [ticket.citizen.firstName, ticket.citizen.lastName]).text
    : null;
  const text = unconfirmed
    ? confirmationSmsText({
        trackingCode: ticket.trackingCode,
        confirmUrl: deps.confirmUrl(ticket.trackingCode, ticket.ticketId, mobile),
      })
    : smsText({
        kind: request.kind,
        trackingCode: ticket.trackingCode,
        note,
        trackingUrl: deps.trackingUrl(ticket.trackingCode),
      });
  const { messageId } = await deps.provider.send({ to: mobile, text, idempotencyKey: request.eventId });
  await deps.log.finish(request.ticketId, request.eventId, {
    status: 'SENT',
    providerMessageId: messageId,
    at: deps.now().toISOString(),
  });
  return 'sent';
}
