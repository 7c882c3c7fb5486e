import { z } from 'zod';
import { normalizePersian } from '../persian/normalize.ts';
import { type Actor, type AuditEvent, auditEvent, type FieldChange, MASKED } from './audit.ts';
import { type CitizenContact, CitizenContactSchema, type CitizenInput } from './citizen.ts';
import { CategoryCodeSchema, CountyCodeSchema } from './reference.ts';
import { URGENCIES } from './sla.ts';
import { assertTransition, type TicketStatus, TicketStatusSchema } from './status.ts';

/** How a request reached the center. */
export const CHANNELS = ['WEB', 'PHONE', 'IN_PERSON', 'VISIT_SITE', 'COUNTY_OFFICE'] as const;
export const ChannelSchema = z.enum(CHANNELS);
export type Channel = z.infer<typeof ChannelSchema>;

/** Where it was registered: the web, the 111 call center, the center's counter, a visit site, a county office. */
export const IntakePointSchema = z.strictObject({
  kind: z.enum(['WEB', 'CALL_CENTER', 'CENTER', 'VISIT_SITE', 'COUNTY_OFFICE']),
  /** e.g. "web", "call-center", "center-ilam", "visit-1405-dehloran-site-2", "office-EYVAN". */
  id: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/),
  /** The visit a visit-site collection belongs to. */
  visitId: z.string().max(64).optional(),
  /** The operator or collector who registered it (staff username), never the citizen. */
  registeredBy: z.string().max(128).optional(),
});
export type IntakePoint = z.infer<typeof IntakePointSchema>;

/** Limits on what a citizen sends: enough for a long letter, bounded against abuse. */
export const TEXT_MAX_CHARS = 20_000;
export const SUBJECT_MAX_CHARS = 200;
export const ADDRESS_MAX_CHARS = 500;

/** Request text: normalized Persian, not blank. */
export const RequestTextSchema = z
  .string()
  .max(TEXT_MAX_CHARS * 2)
  .transform((value) => normalizePersian(value))
  .pipe(z.string().min(1, { message: 'blank_text', abort: true }).max(TEXT_MAX_CHARS));

export const LocationSchema = z.strictObject({
  lat: z.number().min(-90, 'invalid_lat_lon').max(90, 'invalid_lat_lon'),
  lon: z.number().min(-180, 'invalid_lat_lon').max(180, 'invalid_lat_lon'),
});

/** Languages a letter may be written in; each picks an OCR engine. */
export const DOCUMENT_LANGUAGES = ['fa', 'ar', 'en'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

export const AttachmentSchema = z.strictObject({
  /** Object key in the attachments bucket. */
  key: z.string().min(1).max(512),
  contentType: z.string().max(100),
  size: z.number().int().min(0).optional(),
  /** 1-based page of a scanned letter. */
  page: z.number().int().min(1).optional(),
  /** The language a scan is written in, which picks its OCR engine (Persian when absent). */
  language: z.enum(DOCUMENT_LANGUAGES).optional(),
});
export type Attachment = z.infer<typeof AttachmentSchema>;

export const TicketSchema = z.object({
  ticketId: z.string(),
  trackingCode: z.string().regex(/^\d{11}$/),
  channel: ChannelSchema,
  intakePoint: IntakePointSchema,
  citizen: CitizenContactSchema,
  county: CountyCodeSchema,
  subject: z.string().max(SUBJECT_MAX_CHARS).nullable(),
  text: z.string().max(TEXT_MAX_CHARS),
  address: z.string().max(ADDRESS_MAX_CHARS).nullable(),
  location: LocationSchema.nullable(),
  attachments: z.array(AttachmentSchema),
  consentToPublish: z.boolean(),
  status: TicketStatusSchema,
  category: CategoryCodeSchema.nullable(),
  urgency: z.enum(URGENCIES),
  agencyId: z.string().nullable(),
  currentReferralId: z.string().nullable(),
  clusterId: z.string().nullable(),
  /**
   * A reviewer's decision waiting for the workflow to act on it (cleared when it does).
   * REFER_ALONE: refer without joining duplicates (a reviewer took it out of a cluster).
   */
  reviewDecision: z.enum(['REFER', 'REFER_ALONE', 'CLOSE']).nullable(),
  /**
   * Why the ticket waits for a reviewer (CLASSIFICATION_REVIEW): the classifier was unsure, the
   * agency said it is not theirs, a reviewer re-routes it, or the citizen reopened it again.
   */
  reviewReason: z.enum(['UNSURE', 'NOT_RESPONSIBLE', 'REROUTE', 'REOPENED']).nullable().default(null),
  receivedAt: z.iso.datetime(),
  /** When the agency last reported a result: the citizen's feedback and reopen windows run from it. */
  resolvedAt: z.iso.datetime().nullable().default(null),
  /** How often the citizen reopened it: the second time a supervisor decides. */
  reopenCount: z.number().int().min(0).default(0),
  /**
   * Whether the mobile number is the citizen's: PENDING when OCR read it off a letter (it may be
   * misread, and so someone else's), until the citizen follows the confirmation SMS; until then
   * that SMS is the only one sent to it.
   */
  mobileConfirmation: z.enum(['NOT_NEEDED', 'PENDING', 'CONFIRMED']).default('NOT_NEEDED'),
  /**
   * A review or transcription nobody did in time: escalated to the supervisors, and shown so in
   * the task queue, until the ticket moves on.
   */
  waitEscalatedAt: z.iso.datetime().nullable().default(null),
  statusChangedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  /** Optimistic-locking counter: every write checks it and adds one. */
  version: z.number().int().min(1),
});
export type Ticket = z.infer<typeof TicketSchema>;

export interface NewTicketInput {
  ticketId: string;
  trackingCode: string;
  channel: Channel;
  intakePoint: IntakePoint;
  citizen: CitizenInput | null;
  county: string;
  text: string;
  subject?: string | undefined;
  address?: string | undefined;
  location?: { lat: number; lon: number } | undefined;
  attachments?: Attachment[] | undefined;
  consentToPublish?: boolean | undefined;
  /** Paper letters start in DIGITIZING; everything else in RECEIVED. */
  paper?: boolean;
  actor: Actor;
  now: Date;
}

const emptyCitizen: CitizenContact = { firstName: null, lastName: null, mobile: null, nationalId: null };

/** A new ticket and its first audit event. */
export function openTicket(input: NewTicketInput): { ticket: Ticket; event: AuditEvent } {
  const at = input.now.toISOString();
  const status: TicketStatus = input.paper ? 'DIGITIZING' : 'RECEIVED';
  const ticket: Ticket = {
    ticketId: input.ticketId,
    trackingCode: input.trackingCode,
    channel: input.channel,
    intakePoint: input.intakePoint,
    citizen: input.citizen
      ? {
          firstName: input.citizen.firstName,
          lastName: input.citizen.lastName,
          mobile: input.citizen.mobile,
          nationalId: input.citizen.nationalId ?? null,
        }
      : emptyCitizen,
    county: input.county,
    subject: input.subject ? normalizePersian(input.subject) || null : null,
    text: input.text,
    address: input.address ? normalizePersian(input.address) || null : null,
    location: input.location ?? null,
    attachments: input.attachments ?? [],
    consentToPublish: input.consentToPublish ?? false,
    status,
    category: null,
    urgency: 'NORMAL',
    agencyId: null,
    currentReferralId: null,
    clusterId: null,
    reviewDecision: null,
    reviewReason: null,
    receivedAt: at,
    resolvedAt: null,
    reopenCount: 0,
    mobileConfirmation: 'NOT_NEEDED',
    waitEscalatedAt: null,
    statusChangedAt: at,
    updatedAt: at,
    version: 1,
  };
  const event = auditEvent({
    ticketId: ticket.ticketId,
    type: 'REGISTERED',
    at: input.now,
    actor: input.actor,
    from: null,
    to: status,
    reason: `registered via ${input.channel}`,
    publicNote: 'درخواست شما ثبت شد.',
  });
  return { ticket, event };
}

/** Fields a status change may set alongside the status. */
export type TicketPatch = Partial<
  Pick<
    Ticket,
    | 'category'
    | 'urgency'
    | 'agencyId'
    | 'currentReferralId'
    | 'clusterId'
    | 'citizen'
    | 'text'
    | 'reviewDecision'
    | 'reopenCount'
    | 'mobileConfirmation'
    | 'waitEscalatedAt'
  >
>;

/**
 * A checked change to a ticket: the state it was read in, the state to write, and its history
 * event. The store writes `after` only if the stored ticket is still at `before.version`.
 */
export interface TicketChange {
  before: Ticket;
  after: Ticket;
  event: AuditEvent;
  /** What happened just before, recorded in the same write: the classification a referral carries. */
  earlierEvents?: AuditEvent[];
}

/** Fields whose values are personal or may hold personal data: the audit says they changed, not how. */
const PERSONAL_FIELDS = new Set(['text', 'address', 'location']);

/** What a patch alters on a ticket, field by field, for the audit trail (personal values masked). */
export function patchChanges(ticket: Ticket, patch: TicketPatch | undefined): FieldChange[] {
  const changes: FieldChange[] = [];
  const masked = (value: unknown) => (value === null || value === undefined || value === '' ? null : MASKED);
  for (const [field, after] of Object.entries(patch ?? {})) {
    const before = (ticket as Record<string, unknown>)[field];
    if (field === 'citizen') {
      const was = (before ?? {}) as Record<string, unknown>;
      const now = (after ?? {}) as Record<string, unknown>;
      for (const key of new Set([...Object.keys(was), ...Object.keys(now)])) {
        if (JSON.stringify(was[key] ?? null) !== JSON.stringify(now[key] ?? null))
          changes.push({ field: `citizen.${key}`, before: masked(was[key]), after: masked(now[key]) });
      }
      continue;
    }
    if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) continue;
    changes.push(
      PERSONAL_FIELDS.has(field)
        ? { field, before: masked(before), after: masked(after) }
        : { field, before: before ?? null, after: after ?? null },
    );
  }
  return changes;
}

/** Validates a status change against the transition table and builds the new state and its event. */
export function changeStatus(
  ticket: Ticket,
  input: {
    to: TicketStatus;
    actor: Actor;
    reason: string;
    now: Date;
    patch?: TicketPatch;
    publicNote?: string;
    type?: AuditEvent['type'];
  },
): TicketChange {
  assertTransition(ticket.status, input.to, input.actor.type);
  const at = input.now.toISOString();
  return {
    before: ticket,
    after: {
      ...ticket,
      ...input.patch,
      ...(input.to === 'RESOLVED' ? { resolvedAt: at } : {}),
      reviewReason: input.to === 'CLASSIFICATION_REVIEW' ? reviewReasonOf(input.actor) : null,
      waitEscalatedAt: null,
      status: input.to,
      statusChangedAt: at,
      updatedAt: at,
      version: ticket.version + 1,
    },
    event: auditEvent({
      ticketId: ticket.ticketId,
      type: input.type ?? 'STATUS_CHANGED',
      at: input.now,
      actor: input.actor,
      from: ticket.status,
      to: input.to,
      reason: input.reason,
      ...(input.publicNote ? { publicNote: input.publicNote } : {}),
      changes: patchChanges(ticket, input.patch),
    }),
  };
}

/** Why a move to review happens, from who makes it. */
function reviewReasonOf(actor: Actor): NonNullable<Ticket['reviewReason']> {
  if (actor.type === 'agency') return 'NOT_RESPONSIBLE';
  if (actor.type === 'staff') return 'REROUTE';
  return actor.id === 'reopen' ? 'REOPENED' : 'UNSURE';
}

/** A change of fields without a change of status (a reviewer fixes the text, OCR fills the mobile). */
export function amendTicket(
  ticket: Ticket,
  input: { patch: TicketPatch; actor: Actor; reason: string; now: Date; type: AuditEvent['type'] },
): TicketChange {
  const at = input.now.toISOString();
  return {
    before: ticket,
    after: { ...ticket, ...input.patch, updatedAt: at, version: ticket.version + 1 },
    event: auditEvent({
      ticketId: ticket.ticketId,
      type: input.type,
      at: input.now,
      actor: input.actor,
      from: ticket.status,
      to: ticket.status,
      reason: input.reason,
      changes: patchChanges(ticket, input.patch),
    }),
  };
}

/** A citizen may reopen within the policy's window after resolution. */
export function canReopen(ticket: Ticket, now: Date, reopenWindowDays: number): boolean {
  if (ticket.status !== 'RESOLVED' && ticket.status !== 'CLOSED') return false;
  if (ticket.resolvedAt === null) return false;
  return now.getTime() - new Date(ticket.resolvedAt).getTime() <= reopenWindowDays * 86_400_000;
}
