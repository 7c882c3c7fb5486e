import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { TaskTokens } from '../adapters/ticket-workflow.ts';
import { agencyActor, auditEvent } from '../domain/audit.ts';
import { NotFoundError } from '../domain/errors.ts';
import {
  isOpenReferral,
  moveReferral,
  type Referral,
  type ReferralStatus,
  ReferralStatusSchema,
} from '../domain/referral.ts';
import { isAllowedTransition, type TicketStatus } from '../domain/status.ts';
import { changeStatus, type Ticket, type TicketChange } from '../domain/ticket.ts';
import { normalizePersian } from '../persian/normalize.ts';
import { type Page, requireTicket, type TicketStore } from '../store/ticket-store.ts';
import { PUBLIC_NOTE_FOR_REFERRAL, syncMembers, TICKET_STATUS_FOR_REFERRAL } from './referral-members.ts';

export interface AgencyDeps {
  tickets: TicketStore;
  workflow: TaskTokens;
  now: () => Date;
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
  overdue: boolean;
  escalationLevel: number;
  citizenCount: number;
  lastMessage: string | null;
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
    overdue: isOpenReferral(referral.status) && new Date(referral.dueAt) < now,
    escalationLevel: referral.escalationLevel,
    citizenCount: referral.citizenCount,
    lastMessage: referral.lastMessage,
  };
}

export const InboxQuerySchema = z.strictObject({
  /** A referral status, or OPEN (the default) for every referral still waiting on the agency. */
  status: z.union([z.literal('OPEN'), ReferralStatusSchema]).default('OPEN'),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const FAR_FUTURE = new Date('9999-01-01T00:00:00Z');

export async function listInbox(
  deps: AgencyDeps,
  agencyId: string,
  query: z.output<typeof InboxQuerySchema>,
): Promise<Page<AgencyReferralView>> {
  const page =
    query.status === 'OPEN'
      ? await deps.tickets.listOpenReferrals(agencyId, FAR_FUTURE, {
          cursor: query.cursor ?? null,
          limit: query.limit,
        })
      : await deps.tickets.listAgencyInbox(agencyId, query.status, {
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
});
export type AgencyResponse = z.output<typeof AgencyResponseSchema>;

/** What makes two answers with one update id the same answer. */
function responseFingerprint(response: AgencyResponse): string {
  const { outcome, message, publicSummary } = response;
  return createHash('sha256')
    .update(JSON.stringify([outcome, message, publicSummary ?? null]))
    .digest('base64url');
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
  const fingerprint = responseFingerprint(response);
  const replayed = await deps.tickets.findReferralUpdate(referralId, response.updateId, fingerprint);
  if (replayed) {
    // A repeat changes nothing, but finishes what the first may have left undone.
    await syncMembers(deps, replayed);
    return agencyView(replayed, now);
  }
  const ticket = await ticketOf(deps, referral);
  const progressOnly = referral.status === 'IN_PROGRESS' && response.outcome === 'IN_PROGRESS';
  const after = progressOnly
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
  const publicNote = response.publicSummary ?? PUBLIC_NOTE_FOR_REFERRAL[after.status] ?? '';
  const target = TICKET_STATUS_FOR_REFERRAL[after.status];
  const isCurrent = ticket.currentReferralId === referral.referralId;
  const ticketChange: TicketChange | undefined =
    isCurrent && target && isAllowedTransition(ticket.status, target, 'agency')
      ? ticketMove(ticket, target, agencyId, `agency: ${response.outcome}`, now, publicNote)
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
        reason: `agency: ${response.outcome}`,
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
  await syncMembers(deps, saved, { questionClosed: referral.pausedAt !== null && saved.pausedAt === null });
  return agencyView(saved, now);
}
