import type { AuditEvent } from '../../domain/audit.ts';
import type { LetterBatch } from '../../domain/letter-batch.ts';
import type { Referral } from '../../domain/referral.ts';
import { changePosition, followUpBy, isOpenReferral } from '../../domain/referral.ts';
import type { Ticket } from '../../domain/ticket.ts';

/**
 * Key builders for every item type of the single table. The table of access patterns in
 * shared/store/README.md is the map; this file is the only place that spells the keys.
 */
export type Key = { pk: string; sk: string };

export const UNCLASSIFIED = 'UNCLASSIFIED';

export const keys = {
  ticket: (ticketId: string): Key => ({ pk: `TICKET#${ticketId}`, sk: 'TICKET' }),
  event: (event: Pick<AuditEvent, 'ticketId' | 'at' | 'eventId'>): Key => ({
    pk: `TICKET#${event.ticketId}`,
    sk: `EVENT#${event.at}#${event.eventId}`,
  }),
  eventsOf: (ticketId: string) => ({ pk: `TICKET#${ticketId}`, skPrefix: 'EVENT#' }),
  trackingCode: (code: string): Key => ({ pk: `TRACKING#${code}`, sk: 'TRACKING' }),
  sequence: (name: string): Key => ({ pk: `SEQUENCE#${name}`, sk: 'SEQUENCE' }),
  lookupGuard: (subjectHash: string, window: number): Key => ({
    pk: `GUARD#${subjectHash}`,
    sk: `WINDOW#${window}`,
  }),
  idempotency: (scope: string, keyHash: string): Key => ({
    pk: `IDEMPOTENCY#${scope}#${keyHash}`,
    sk: 'IDEMPOTENCY',
  }),
  citizenLink: (kind: 'M' | 'N', hash: string, ticket: Pick<Ticket, 'receivedAt' | 'ticketId'>): Key => ({
    pk: `CITIZEN#${kind}#${hash}`,
    sk: `TICKET#${ticket.receivedAt}#${ticket.ticketId}`,
  }),
  citizen: (kind: 'M' | 'N', hash: string) => `CITIZEN#${kind}#${hash}`,
  referral: (referralId: string): Key => ({ pk: `REFERRAL#${referralId}`, sk: 'REFERRAL' }),
  referralUpdate: (referralId: string, updateId: string): Key => ({
    pk: `REFERRAL#${referralId}`,
    sk: `UPDATE#${updateId}`,
  }),
  wait: (ticketId: string): Key => ({ pk: `TICKET#${ticketId}`, sk: 'WAIT' }),
  /** One per result: a reopened request that is resolved again may be rated again. */
  feedback: (ticketId: string, resolvedAt: string): Key => ({
    pk: `TICKET#${ticketId}`,
    sk: `FEEDBACK#${resolvedAt}`,
  }),
  taskClaim: (taskId: string): Key => ({ pk: `TASKCLAIM#${taskId}`, sk: 'CLAIM' }),
  sms: (ticketId: string, eventId: string): Key => ({ pk: `TICKET#${ticketId}`, sk: `SMS#${eventId}` }),
  /** Ratings of an agency's results, newest last (gsi1). */
  agencyFeedback: (agencyId: string | null) => `FEEDBACK#${agencyId ?? 'NONE'}`,
  webhookSubscription: (agencyId: string): Key => ({ pk: `WEBHOOK#${agencyId}`, sk: 'SUBSCRIPTION' }),
  webhookDelivery: (agencyId: string, deliveryId: string): Key => ({
    pk: `WEBHOOK#${agencyId}`,
    sk: `DELIVERY#${deliveryId}`,
  }),
  /** An agency's deliveries in one status (gsi1). */
  webhookDeliveries: (agencyId: string, status: string) => `WEBHOOKS#${agencyId}#${status}`,
  batch: (batchId: string): Key => ({ pk: `BATCH#${batchId}`, sk: 'BATCH' }),
  /** Zero-padded so letters list in pile order. */
  batchLetter: (batchId: string, letterNo: number): Key => ({
    pk: `BATCH#${batchId}`,
    sk: `LETTER#${String(letterNo).padStart(3, '0')}`,
  }),
  batches: (status: string) => `BATCHES#${status}`,
  apiKey: (keyHash: string): Key => ({ pk: `APIKEY#${keyHash}`, sk: 'APIKEY' }),
  agencyApiKeys: (agencyId: string) => `APIKEYS#${agencyId}`,
  queue: (status: string) => `QUEUE#${status}`,
  area: (county: string, category: string | null) => `AREA#${county}#${category ?? UNCLASSIFIED}`,
  cluster: (clusterId: string) => `CLUSTER#${clusterId}`,
  inbox: (agencyId: string, status: string) => `INBOX#${agencyId}#${status}`,
  agencyReferrals: (agencyId: string, open: boolean) => `AGENCY#${agencyId}#${open ? 'OPEN' : 'CLOSED'}`,
  referralsOfTicket: (ticketId: string) => `REFERRALS#${ticketId}`,
  /** What one staff member or agency did, newest first (gsi1): supervisors' audit by actor. */
  actorEvents: (type: 'staff' | 'agency', id: string) => `ACTOR#${type}#${id}`,
  /** An agency's referrals by their last change: what incremental polling reads (gsi4). */
  agencyChanges: (agencyId: string) => `CHANGES#${agencyId}`,
  reference: (kind: 'CATEGORY' | 'AGENCY' | 'COUNTY' | 'POLICY') => `REF#${kind}`,
  /** Administrators' edits of reference data, one partition (they are few), by time (gsi1). */
  referenceEdits: 'REFEDITS',
  referenceEdit: (at: string, kind: string, key: string): Key => ({
    pk: `REFEDIT#${at}#${kind}#${key}`,
    sk: 'REFEDIT',
  }),
};

/** The index attributes of a ticket item, derived from its state on every write. */
export function ticketIndexAttributes(ticket: Ticket): Record<string, string> {
  const order = `${ticket.receivedAt}#${ticket.ticketId}`;
  return {
    gsi1pk: keys.queue(ticket.status),
    gsi1sk: `${ticket.statusChangedAt}#${ticket.ticketId}`,
    gsi2pk: keys.area(ticket.county, ticket.category),
    gsi2sk: order,
    ...(ticket.clusterId ? { gsi3pk: keys.cluster(ticket.clusterId), gsi3sk: order } : {}),
  };
}

/** Staff members' and agencies' events are indexed by actor; the pipeline's and citizens' are not. */
export function eventIndexAttributes(event: AuditEvent): Record<string, string> {
  const { type, id } = event.actor;
  if ((type !== 'staff' && type !== 'agency') || !id) return {};
  return { gsi1pk: keys.actorEvents(type, id), gsi1sk: `${event.at}#${event.eventId}` };
}

/** A batch is listed by status, in the order batches were opened. */
export function batchIndexAttributes(batch: LetterBatch): Record<string, string> {
  return { gsi1pk: keys.batches(batch.status), gsi1sk: `${batch.createdAt}#${batch.batchId}` };
}

/** The index attributes of a referral item, derived from its state on every write. */
export function referralIndexAttributes(referral: Referral): Record<string, string> {
  const byDue = `${referral.dueAt}#${referral.referralId}`;
  return {
    gsi1pk: keys.inbox(referral.agencyId, referral.status),
    gsi1sk: byDue,
    gsi2pk: keys.referralsOfTicket(referral.ticketId),
    gsi2sk: `${referral.createdAt}#${referral.referralId}`,
    // The overdue watch reads by follow-up date: the agency's expected date when it gave one.
    gsi3pk: keys.agencyReferrals(referral.agencyId, isOpenReferral(referral.status)),
    gsi3sk: `${followUpBy(referral)}#${referral.referralId}`,
    gsi4pk: keys.agencyChanges(referral.agencyId),
    gsi4sk: changePosition(referral),
  };
}

/** Strips table attributes from an item, leaving the domain object's fields. */
export function withoutTableAttributes(item: Record<string, unknown>): Record<string, unknown> {
  const {
    pk,
    sk,
    gsi1pk,
    gsi1sk,
    gsi2pk,
    gsi2sk,
    gsi3pk,
    gsi3sk,
    gsi4pk,
    gsi4sk,
    entity,
    expiresAt,
    ...rest
  } = item;
  return rest;
}
