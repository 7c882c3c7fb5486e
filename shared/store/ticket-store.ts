import type { AuditEvent } from '../domain/audit.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Feedback } from '../domain/feedback.ts';
import type { Referral, ReferralStatus } from '../domain/referral.ts';
import type { TicketStatus } from '../domain/status.ts';
import type { Ticket, TicketChange } from '../domain/ticket.ts';
import type { WorkflowWait } from '../domain/workflow-wait.ts';
import type { IndexedRequest } from './dedupe-index.ts';

/** One page of a listing; pass `nextCursor` back to get the next page (null when done). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  limit?: number;
  cursor?: string | null;
}

/** Makes a repeated create return the first result instead of a second ticket. */
export interface IdempotencyRequest {
  /** Who the key belongs to, e.g. "web" or an operator's intake point: keys are unique per scope. */
  scope: string;
  key: string;
  /** A hash of the request body: the same key with a different body is refused. */
  fingerprint: string;
}

export interface CreateTicketResult {
  ticket: Ticket;
  /** False when an earlier request with the same idempotency key already created it. */
  created: boolean;
}

/** What happens to a referral in one atomic write, optionally with its ticket. */
export interface ReferralChange {
  before: Referral;
  after: Referral;
  /** The ticket's status change caused by this referral change, written in the same transaction. */
  ticketChange?: TicketChange;
  /** An event for the ticket's history when the ticket's status does not change. */
  event?: AuditEvent;
  /** An agency's update id: the same id twice applies once and returns the first result. */
  updateId?: string;
  /** A hash of the update's content: the same id with other content is refused (IdempotencyMismatchError). */
  updateFingerprint?: string;
}

/**
 * Persistence of tickets and everything that hangs off them (history, referrals, clusters).
 * Handlers and workflow steps depend on this interface; the DynamoDB adapter implements it.
 * Every write is conditional: a lost race raises ConflictError, never a silent overwrite.
 */
export interface TicketStore {
  /**
   * Stores a new ticket, its tracking code, its first history event and identity links. The ticket
   * id and code must be new (the code from the tracking code sequence); with an idempotency key, a
   * repeat returns the first ticket, finishing its writes if the first attempt died midway.
   */
  createTicket(
    ticket: Ticket,
    event: AuditEvent,
    idempotency?: IdempotencyRequest,
  ): Promise<CreateTicketResult>;
  /** The ticket an idempotency key already made in this scope, if any. */
  idempotentTicketId(scope: string, key: string): Promise<string | null>;
  getTicket(ticketId: string): Promise<Ticket | null>;
  /** The tickets that exist among these ids, in the order asked. */
  getTickets(ticketIds: readonly string[]): Promise<Ticket[]>;
  getTicketByTrackingCode(trackingCode: string): Promise<Ticket | null>;
  /** Writes a checked change (status or fields) and its history event in one transaction. */
  saveTicketChange(change: TicketChange): Promise<Ticket>;
  /** One history event, by where it sits in the history (its time and id). */
  getEvent(ticketId: string, at: string, eventId: string): Promise<AuditEvent | null>;
  /** The ticket's history, oldest first. */
  listEvents(ticketId: string): Promise<AuditEvent[]>;
  /** Adds an event to the history that changes nothing else (who read or revealed what). */
  recordEvent(event: AuditEvent): Promise<void>;

  /** A staff queue: tickets in one status, longest-waiting first. */
  listByStatus(status: TicketStatus, page?: PageRequest): Promise<Page<Ticket>>;
  /** Tickets of one county and category received in [from, to). Category null: unclassified. */
  listByArea(
    query: { county: string; category: string | null; from: Date; to: Date },
    page?: PageRequest,
  ): Promise<Page<Ticket>>;
  /** A citizen's tickets, newest first, by mobile or national ID (looked up through keyed hashes). */
  listByCitizen(
    identity: { mobile?: string; nationalId?: string },
    page?: PageRequest,
  ): Promise<Page<Ticket>>;

  /**
   * Stores a new referral together with the ticket's move to REFERRED (and the workflow's wait,
   * and the request's dedupe index entries, so a duplicate arriving next finds it).
   */
  createReferral(
    referral: Referral,
    ticketChange: TicketChange,
    wait?: WorkflowWait,
    indexed?: IndexedRequest,
  ): Promise<void>;
  getReferral(referralId: string): Promise<Referral | null>;
  /** A ticket and a referral in one read (a waiting step checks both); null for either missing. */
  getTicketAndReferral(
    ticketId: string,
    referralId: string,
  ): Promise<{ ticket: Ticket | null; referral: Referral | null }>;
  /**
   * One more citizen behind an open referral of `agencyId`, written with the ticket's move to it
   * in one transaction, without reading the referral first: a mass petition's letters never race
   * on its version. ConflictError when the referral is no longer open (or the ticket changed).
   */
  joinReferral(join: {
    referralId: string;
    agencyId: string;
    now: Date;
    ticketChange: TicketChange;
    /** The request's dedupe index entries, written in the same transaction. */
    indexed?: IndexedRequest;
  }): Promise<void>;
  saveReferralChange(change: ReferralChange): Promise<Referral>;
  /** The referral as this update id left it; IdempotencyMismatchError if it came with other content. */
  findReferralUpdate(referralId: string, updateId: string, fingerprint?: string): Promise<Referral | null>;
  /** An agency's inbox in one status, earliest due first. */
  listAgencyInbox(agencyId: string, status: ReferralStatus, page?: PageRequest): Promise<Page<Referral>>;
  /**
   * An agency's open referrals whose follow-up date (the due date, or the agency's expected date)
   * is before `dueBefore` (overdue watch), earliest first.
   */
  listOpenReferrals(agencyId: string, dueBefore: Date, page?: PageRequest): Promise<Page<Referral>>;
  /** What one staff member or agency did between two moments (ISO), newest first. */
  listEventsByActor(
    actor: { type: 'staff' | 'agency'; id: string },
    range: { from: string; to: string },
    page?: PageRequest,
  ): Promise<Page<AuditEvent>>;
  /**
   * An agency's referrals changed after `after` (a position from `changePosition`), in the order
   * of their last change: each referral once, as it is now.
   */
  listAgencyChanges(agencyId: string, after: string | null, limit: number): Promise<Referral[]>;
  /** A ticket's referrals, oldest first. */
  listReferralsOfTicket(ticketId: string): Promise<Referral[]>;

  /** Records where the ticket's workflow waits, replacing any earlier wait. */
  putWait(wait: WorkflowWait): Promise<void>;
  getWait(ticketId: string): Promise<WorkflowWait | null>;

  /** The citizen's rating of the result reported at `resolvedAt`, if given. */
  getFeedback(ticketId: string, resolvedAt: string): Promise<Feedback | null>;
  /**
   * Stores a citizen's feedback, once per result (ConflictError when it exists or the ticket
   * changed), with the ticket's change it causes or, when it changes nothing, an event.
   */
  saveFeedback(feedback: Feedback, outcome: { change: TicketChange } | { event: AuditEvent }): Promise<void>;
  /** Ratings of one agency's results in [from, to), oldest first. */
  listAgencyFeedback(
    agencyId: string,
    window: { from: Date; to: Date },
    page?: PageRequest,
  ): Promise<Page<Feedback>>;

  /** Tickets in a duplicate cluster, oldest first. */
  listCluster(clusterId: string, page?: PageRequest): Promise<Page<Ticket>>;
}

/** The ticket, or NotFoundError (a 404 at the API, a failed step in the workflow). */
export async function requireTicket(
  tickets: Pick<TicketStore, 'getTicket'>,
  ticketId: string,
): Promise<Ticket> {
  const ticket = await tickets.getTicket(ticketId);
  if (!ticket) throw new NotFoundError('ticket');
  return ticket;
}
