import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { TaskTokens } from '../adapters/ticket-workflow.ts';
import { agencyActor, auditEvent } from '../domain/audit.ts';
import { IllegalTransitionError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import {
  changePosition,
  isOpenReferral,
  MAX_EXPECTED_DAYS,
  moveReferral,
  type Referral,
  type ReferralStatus,
  ReferralStatusSchema,
} from '../domain/referral.ts';
import {
  checkResponseFiles,
  RESPONSE_FILES_MAX,
  ResponseFileSchema,
  type ResponseUploadsSchema,
  responseFileKey,
} from '../domain/response-attachments.ts';
import { isAllowedTransition, type TicketStatus } from '../domain/status.ts';
import type { Attachment } from '../domain/ticket.ts';
import { changeStatus, type Ticket, type TicketChange } from '../domain/ticket.ts';
import { normalizePersian } from '../persian/normalize.ts';
import type { ScanStore, ScanUpload } from '../store/scan-store.ts';
import { type Page, requireTicket, type TicketStore } from '../store/ticket-store.ts';
import { PUBLIC_NOTE_FOR_REFERRAL, syncMembers, TICKET_STATUS_FOR_REFERRAL } from './referral-members.ts';

export interface AgencyDeps {
  tickets: TicketStore;
  workflow: TaskTokens;
  now: () => Date;
  /** Where agencies' documents are uploaded and checked (the answering routes only). */
  scans?: Pick<ScanStore, 'inspect' | 'uploadUrl'>;
}

/** One referral as an agency sees it (SPEC §5): the request, not the citizen's identity. */
export interface AgencyReferralView {
  referralId: string;
  trackingCode: string;
  category: string;
  subject: string | null;
  text: string;
  county: string;
  urgency: string;
  status: ReferralStatus;
  createdAt: string;
  dueAt: string;
  /** The date the agency said it expects a result by (IN_PROGRESS), if it gave one. */
  expectedBy: string | null;
  /** When the agency was reminded that the due date is near. */
  remindedAt: string | null;
  overdue: boolean;
  escalationLevel: number;
  citizenCount: number;
  lastMessage: string | null;
  /** When the referral last changed, and its version: what an agency's system compares. */
  updatedAt: string;
  version: number;
}

export function agencyView(referral: Referral, now: Date): AgencyReferralView {
  return {
    referralId: referral.referralId,
    trackingCode: referral.trackingCode,
    category: referral.category,
    subject: referral.subject,
    text: referral.text,
    county: referral.county,
    urgency: referral.urgency,
    status: referral.status,
    createdAt: referral.createdAt,
    dueAt: referral.dueAt,
    expectedBy: referral.expectedBy,
    remindedAt: referral.remindedAt,
    overdue: isOpenReferral(referral.status) && new Date(referral.dueAt) < now,
    escalationLevel: referral.escalationLevel,
    citizenCount: referral.citizenCount,
    lastMessage: referral.lastMessage,
    updatedAt: referral.updatedAt,
    version: referral.version,
  };
}

/**
 * Where incremental polling goes on from: the `since` of the last answer, or a moment (ISO 8601)
 * for the first poll. Read as a change position (see `changePosition`).
 */
const SinceSchema = z
  .string()
  .max(256)
  .transform((value, ctx) => {
    if (!Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
      return `${new Date(value).toISOString()}#`;
    }
    const decoded = Buffer.from(value, 'base64url').toString('utf8');
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z#[0-9A-Za-z]*$/.test(decoded)) return decoded;
    ctx.addIssue({ code: 'custom', message: 'invalid_input' });
    return z.NEVER;
  });

export const InboxQuerySchema = z
  .strictObject({
    /** A referral status, or OPEN (the default) for every referral still waiting on the agency. */
    status: z.union([z.literal('OPEN'), ReferralStatusSchema]).optional(),
    cursor: z.string().max(2048).optional(),
    /** Incremental polling: only referrals that changed after this position, in any status. */
    since: SinceSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => q.since === undefined || (q.status === undefined && q.cursor === undefined), {
    message: 'since_alone',
    path: ['since'],
  });

const FAR_FUTURE = new Date('9999-01-01T00:00:00Z');

/**
 * How long a change may take to reach the index after its time was taken: positions younger
 * than this are returned but not yet passed, so the next poll sees them again rather than never.
 */
const SETTLE_MS = 5_000;

export interface AgencyChanges {
  items: AgencyReferralView[];
  /** Pass as `since` next time. */
  since: string;
  /** True when the page was full: poll again at once. */
  more: boolean;
}

/**
 * Referrals of the agency changed after `since`, oldest change first, each as it is now. A
 * referral may come twice (it changed again, or it was younger than the settling time); an
 * agency's system keeps the highest `version`.
 */
export async function listChanges(
  deps: AgencyDeps,
  agencyId: string,
  since: string,
  limit: number,
): Promise<AgencyChanges> {
  const referrals = await deps.tickets.listAgencyChanges(agencyId, since, limit);
  const now = deps.now();
  const horizon = `${new Date(now.getTime() - SETTLE_MS).toISOString()}#`;
  const more = referrals.length >= limit;
  let next = since;
  let unsettled = false;
  for (const referral of referrals) {
    const position = changePosition(referral);
    if (position >= horizon) {
      unsettled = true;
      break;
    }
    next = position;
  }
  if (!more && !unsettled && horizon > next) next = horizon;
  return {
    items: referrals.map((r) => agencyView(r, now)),
    since: Buffer.from(next).toString('base64url'),
    more,
  };
}

export async function listInbox(
  deps: AgencyDeps,
  agencyId: string,
  query: z.output<typeof InboxQuerySchema>,
): Promise<Page<AgencyReferralView>> {
  const status = query.status ?? 'OPEN';
  const page =
    status === 'OPEN'
      ? await deps.tickets.listOpenReferrals(agencyId, FAR_FUTURE, {
          cursor: query.cursor ?? null,
          limit: query.limit,
        })
      : await deps.tickets.listAgencyInbox(agencyId, status, {
          cursor: query.cursor ?? null,
          limit: query.limit,
        });
  const now = deps.now();
  return { items: page.items.map((r) => agencyView(r, now)), nextCursor: page.nextCursor };
}

/** A referral of this agency; another agency's referral is as unknown as a missing one. */
async function ownReferral(deps: AgencyDeps, agencyId: string, referralId: string): Promise<Referral> {
  const referral = await deps.tickets.getReferral(referralId);
  if (!referral || referral.agencyId !== agencyId) throw new NotFoundError('referral');
  return referral;
}

async function ticketOf(deps: AgencyDeps, referral: Referral): Promise<Ticket> {
  return requireTicket(deps.tickets, referral.ticketId);
}

/** The ticket's move that goes with an agency's answer, when the ticket is where that move starts. */
function ticketMove(
  ticket: Ticket,
  to: TicketStatus,
  agencyId: string,
  reason: string,
  now: Date,
  publicNote?: string,
) {
  if (ticket.status === to) return undefined;
  return changeStatus(ticket, {
    to,
    actor: agencyActor(agencyId),
    reason,
    now,
    type: 'AGENCY_RESPONSE',
    ...(publicNote ? { publicNote } : {}),
  });
}

/** The agency saw the referral. Acknowledging twice is harmless. */
export async function acknowledge(
  deps: AgencyDeps,
  agencyId: string,
  referralId: string,
): Promise<AgencyReferralView> {
  const referral = await ownReferral(deps, agencyId, referralId);
  const now = deps.now();
  if (referral.status !== 'PENDING') return agencyView(referral, now);
  const ticket = await ticketOf(deps, referral);
  const after = moveReferral(referral, { to: 'ACKNOWLEDGED', now });
  const ticketChange =
    ticket.currentReferralId === referral.referralId && ticket.status === 'REFERRED'
      ? ticketMove(
          ticket,
          'IN_PROGRESS',
          agencyId,
          'referral acknowledged',
          now,
          PUBLIC_NOTE_FOR_REFERRAL.ACKNOWLEDGED,
        )
      : undefined;
  const saved = await deps.tickets.saveReferralChange({
    before: referral,
    after,
    ...(ticketChange ? { ticketChange } : {}),
  });
  await syncMembers(deps, saved);
  return agencyView(saved, now);
}

export const AgencyResponseSchema = z.strictObject({
  updateId: z.string().trim().min(1).max(128),
  outcome: z.enum(['IN_PROGRESS', 'RESOLVED', 'NOT_RESPONSIBLE', 'NEEDS_INFO']),
  message: z
    .string()
    .max(8000)
    .transform((v) => normalizePersian(v))
    .pipe(z.string().min(1, { message: 'blank_text', abort: true }).max(4000)),
  publicSummary: z
    .string()
    .max(2000)
    .transform((v) => normalizePersian(v))
    .pipe(z.string().max(1000))
    .optional(),
  /** Documents uploaded for this answer (`POST …/attachments` gave their keys). */
  attachments: z.array(ResponseFileSchema).max(RESPONSE_FILES_MAX).optional(),
  /**
   * With IN_PROGRESS: when the result is expected (a date is the end of that day in Iran). Follow-up
   * waits until then, and escalates if it passes without a result.
   */
  expectedBy: z
    .union([z.iso.datetime({ offset: true }), z.iso.date()])
    .transform((v) => new Date(v.length === 10 ? `${v}T23:59:59+03:30` : v).toISOString())
    .optional(),
});
export type AgencyResponse = z.output<typeof AgencyResponseSchema>;

/** What makes two answers with one update id the same answer. */
function responseFingerprint(response: AgencyResponse): string {
  const { outcome, message, publicSummary, expectedBy, attachments } = response;
  const extra = [
    ...(expectedBy ? [expectedBy] : []),
    ...(attachments?.length ? [attachments.map((a) => a.key)] : []),
  ];
  return createHash('sha256')
    .update(JSON.stringify([outcome, message, publicSummary ?? null, ...extra]))
    .digest('base64url');
}

/** The documents an answer names, each checked in storage (uploaded, under this referral, of its type). */
async function checkedAttachments(
  deps: AgencyDeps,
  referralId: string,
  response: AgencyResponse,
): Promise<Attachment[]> {
  const files = response.attachments ?? [];
  if (files.length === 0) return [];
  if (!deps.scans) throw new Error('answers with attachments need the attachments bucket');
  const { scans } = deps;
  const found = await Promise.all(files.map((file) => scans.inspect(file.key)));
  return checkResponseFiles(referralId, files, new Map(files.map((file, i) => [file.key, found[i] ?? null])));
}

/** Upload URLs for documents an agency will attach to its answer to an open referral. */
export async function responseUploads(
  deps: AgencyDeps,
  agencyId: string,
  referralId: string,
  input: z.output<typeof ResponseUploadsSchema>,
): Promise<{ files: Array<{ key: string; contentType: string; size: number; upload: ScanUpload }> }> {
  const referral = await ownReferral(deps, agencyId, referralId);
  if (!isOpenReferral(referral.status)) {
    throw new IllegalTransitionError(referral.status, 'IN_PROGRESS', message('referral_closed'));
  }
  if (!deps.scans) throw new Error('uploads need the attachments bucket');
  const { scans } = deps;
  return {
    files: await Promise.all(
      input.files.map(async (file) => {
        const key = responseFileKey(referralId, file.contentType);
        return { key, ...file, upload: await scans.uploadUrl({ key, ...file }) };
      }),
    ),
  };
}

/** An expected date goes with IN_PROGRESS only, later than now and within MAX_EXPECTED_DAYS. */
function checkExpectedBy(response: AgencyResponse, now: Date): void {
  if (response.expectedBy === undefined) return;
  const refuse = (code: 'expected_by_in_progress_only' | 'expected_by_out_of_range') =>
    new ValidationError([{ path: 'expectedBy', code, message: message(code, { days: MAX_EXPECTED_DAYS }) }]);
  if (response.outcome !== 'IN_PROGRESS') throw refuse('expected_by_in_progress_only');
  const at = Date.parse(response.expectedBy);
  if (at <= now.getTime() || at > now.getTime() + MAX_EXPECTED_DAYS * 86_400_000) {
    throw refuse('expected_by_out_of_range');
  }
}

/**
 * An agency's answer. Idempotent on `updateId`: a repeat returns the referral as the first
 * one left it and changes nothing; the same id with a different answer is refused (422), as
 * the citizens' Idempotency-Key is. A final answer (RESOLVED, NOT_RESPONSIBLE) also resumes the
 * ticket's workflow; if that call fails, the repeat retries it, and the workflow's own timeout
 * check finds the answer anyway.
 */
export async function respond(
  deps: AgencyDeps,
  agencyId: string,
  referralId: string,
  response: AgencyResponse,
): Promise<AgencyReferralView> {
  const referral = await ownReferral(deps, agencyId, referralId);
  const now = deps.now();
  checkExpectedBy(response, now);
  const fingerprint = responseFingerprint(response);
  const replayed = await deps.tickets.findReferralUpdate(referralId, response.updateId, fingerprint);
  if (replayed) {
    // A repeat changes nothing, but finishes what the first may have left undone.
    await syncMembers(deps, replayed);
    return agencyView(replayed, now);
  }
  const ticket = await ticketOf(deps, referral);
  const progressOnly = referral.status === 'IN_PROGRESS' && response.outcome === 'IN_PROGRESS';
  const moved = progressOnly
    ? {
        ...referral,
        lastMessage: response.message,
        updatedAt: now.toISOString(),
        version: referral.version + 1,
      }
    : moveReferral(referral, {
        to: response.outcome,
        now,
        message: response.message,
        ...(response.publicSummary ? { publicSummary: response.publicSummary } : {}),
      });
  const attached = await checkedAttachments(deps, referralId, response);
  const after = {
    ...moved,
    ...(response.expectedBy ? { expectedBy: response.expectedBy } : {}),
    ...(attached.length ? { attachments: [...referral.attachments, ...attached] } : {}),
  };
  const reason = `agency: ${response.outcome}${response.expectedBy ? `, expected by ${response.expectedBy}` : ''}`;
  const publicNote = response.publicSummary ?? PUBLIC_NOTE_FOR_REFERRAL[after.status] ?? '';
  const target = TICKET_STATUS_FOR_REFERRAL[after.status];
  const isCurrent = ticket.currentReferralId === referral.referralId;
  const ticketChange: TicketChange | undefined =
    isCurrent && target && isAllowedTransition(ticket.status, target, 'agency')
      ? ticketMove(ticket, target, agencyId, reason, now, publicNote)
      : undefined;
  const event = ticketChange
    ? undefined
    : auditEvent({
        ticketId: ticket.ticketId,
        type: 'AGENCY_RESPONSE',
        at: now,
        actor: agencyActor(agencyId),
        from: ticket.status,
        to: ticket.status,
        reason,
        publicNote,
      });
  const saved = await deps.tickets.saveReferralChange({
    before: referral,
    after,
    updateId: response.updateId,
    updateFingerprint: fingerprint,
    ...(ticketChange ? { ticketChange } : {}),
    ...(event ? { event } : {}),
  });
  // The other citizens of a duplicate cluster follow, and final answers resume every workflow.
  await syncMembers(deps, saved, {
    questionClosed: referral.pausedAt !== null && saved.pausedAt === null,
    followUpMoved: saved.expectedBy !== referral.expectedBy,
  });
  return agencyView(saved, now);
}
