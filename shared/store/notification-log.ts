import type { SmsKind } from '../domain/notifications.ts';

/** What Pasokh sent a citizen about one event of their request. */
export interface SmsRecord {
  ticketId: string;
  eventId: string;
  kind: SmsKind;
  /** HELD: not sent, because the number (read by OCR) was not yet confirmed. */
  status: 'SENDING' | 'SENT' | 'NO_MOBILE' | 'HELD';
  at: string;
  sentAt: string | null;
  providerMessageId: string | null;
  attempts: number;
}

/**
 * One record per event told of by SMS: the guard that makes a redelivered event a no-op, and
 * the staff's view of what a citizen was told. Holds no phone number and no text.
 */
export interface NotificationLog {
  /**
   * Claims the event's message: 'claimed' for the first attempt or a retry of one that never
   * finished; 'done' when it was sent (or there was no number to send to).
   */
  claim(record: Pick<SmsRecord, 'ticketId' | 'eventId' | 'kind' | 'at'>): Promise<'claimed' | 'done'>;
  finish(
    ticketId: string,
    eventId: string,
    outcome:
      | { status: 'SENT'; providerMessageId: string; at: string }
      | { status: 'NO_MOBILE' | 'HELD'; at: string },
  ): Promise<void>;
  listForTicket(ticketId: string): Promise<SmsRecord[]>;
}
