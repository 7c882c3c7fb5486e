import { z } from 'zod';
import type { TaskTokens } from '../adapters/ticket-workflow.ts';
import { type AuditEvent, staffActor } from '../domain/audit.ts';
import { IllegalTransitionError, NotFoundError, ValidationError } from '../domain/errors.ts';
import { message } from '../domain/messages.ts';
import type { ReferenceCatalog } from '../domain/reference.ts';
import { isOpenReferral, moveReferral } from '../domain/referral.ts';
import { URGENCIES } from '../domain/sla.ts';
import { amendTicket, changeStatus, type Ticket, type TicketPatch } from '../domain/ticket.ts';
import type { AgencyWaitOutcome, ReviewWaitOutcome } from '../domain/workflow-wait.ts';
import { toAsciiDigits } from '../persian/digits.ts';
import type { LabelStore } from '../store/label-store.ts';
import { requireTicket, type TicketStore } from '../store/ticket-store.ts';

export const ClassificationDecisionSchema = z.discriminatedUnion('decision', [
  z.strictObject({
    decision: z.literal('REFER'),
    category: z.string().max(40),
    agencyId: z.string().max(48).optional(),
    /** Route to an agency the category does not list; the note must say why. */
    otherAgency: z.literal(true).optional(),
    urgency: z.enum(URGENCIES).optional(),
    note: z.string().max(1000).optional(),
  }),
  z.strictObject({ decision: z.literal('CLOSE'), note: z.string().min(1).max(1000) }),
]);
export type ClassificationDecision = z.infer<typeof ClassificationDecisionSchema>;

export interface ReviewDeps {
  tickets: TicketStore;
  labels: LabelStore;
  workflow: TaskTokens;
  catalog: () => Promise<ReferenceCatalog>;
  now: () => Date;
}

/** Digit runs (phone numbers, national IDs, addresses) masked before a text becomes training data. */
export function maskIdentifiers(text: string): string {
  return toAsciiDigits(text).replace(/\d[\d\s-]{4,}\d/g, (run) => run.replace(/\d/g, '#'));
}

/**
 * A reviewer's decision on a ticket: classify it (category, agency, urgency) so the workflow
 * refers it, or close it as not actionable. A ticket already referred is re-routed: its referral
 * is withdrawn and the workflow, back in review, refers it as decided. Every classification is
 * kept as a labelled example (identifiers masked) for the next training run.
 */
export async function decideClassification(
  deps: ReviewDeps,
  reviewer: string,
  ticketId: string,
  decision: ClassificationDecision,
): Promise<Ticket> {
  const ticket = await requireTicket(deps.tickets, ticketId);
  const now = deps.now();
  const catalog = await deps.catalog();
  const actor = staffActor(reviewer);

  if (decision.decision === 'CLOSE') {
    const change = changeStatus(ticket, {
      to: 'CLOSED',
      actor,
      reason: `closed in review: ${decision.note}`,
      now,
    });
    const saved = await deps.tickets.saveTicketChange(change);
    await resumeReview(deps, ticketId, 'CLOSE');
    return saved;
  }

  const category = catalog.category(decision.category);
  const agency = decision.agencyId
    ? catalog.agency(decision.agencyId)
    : category && catalog.defaultAgencyFor(category.code, ticket.county);
  if (!category || !agency) {
    throw new ValidationError([
      { path: category ? 'agencyId' : 'category', code: 'invalid_value', message: message('invalid_input') },
    ]);
  }
  // An ELECTRICITY request sent to the water company is a slip more often than a decision: an
  // agency the category does not list needs `otherAgency` and a note, which the history keeps.
  const listed = [
    category.defaultAgencyId,
    ...category.alternateAgencyIds,
    ...Object.values(category.agencyByCounty),
  ];
  if (!listed.includes(agency.id) && !(decision.otherAgency && decision.note?.trim())) {
    throw new ValidationError([
      { path: 'agencyId', code: 'agency_not_for_category', message: message('agency_not_for_category') },
    ]);
  }
  const rerouted = REFERRED_STATUSES.includes(ticket.status);
  const saved = await backToReview(deps, ticket, reviewer, now, {
    patch: {
      category: category.code,
      agencyId: agency.id,
      urgency: decision.urgency ?? ticket.urgency,
      reviewDecision: 'REFER',
    },
    type: 'CLASSIFIED',
    reason: `${rerouted ? 're-routed' : 'classified'} by reviewer${decision.note ? `: ${decision.note}` : ''}`,
  });
  await deps.labels.add({
    ticketId,
    text: maskIdentifiers(ticket.subject ? `${ticket.subject}\n${ticket.text}` : ticket.text),
    category: category.code,
    urgent: saved.urgency === 'URGENT',
    previousCategory: ticket.category,
    source: rerouted ? 'reroute' : 'review',
    by: reviewer,
    at: now.toISOString(),
  });
  await resumeReview(deps, ticketId, 'REFER');
  return saved;
}

/** A reviewer puts a ticket into a duplicate cluster: it will share that cluster's referral. */
export async function mergeIntoCluster(
  deps: ReviewDeps,
  reviewer: string,
  clusterId: string,
  ticketId: string,
) {
  const members = await deps.tickets.listCluster(clusterId, { limit: 100 });
  if (members.items.length === 0) throw new NotFoundError('cluster');
  // A cluster whose every request is resolved or closed has no referral left to share.
  const closed = members.items.every((m) => CLOSED_STATUSES.includes(m.status));
  // Already in it (its own cluster included): merging again would withdraw its live referral.
  const alreadyIn = (ticket: Ticket) => ticket.ticketId === clusterId || ticket.clusterId === clusterId;
  return regroup(deps, reviewer, ticketId, () => true, {
    refuse: (ticket) =>
      alreadyIn(ticket)
        ? new IllegalTransitionError(ticket.clusterId ?? ticketId, clusterId, message('already_in_cluster'))
        : closed
          ? new IllegalTransitionError(ticket.clusterId ?? ticketId, clusterId, message('cluster_closed'))
          : null,
    patch: { clusterId, reviewDecision: 'REFER' },
    type: 'CLUSTERED',
    reason: `merged into cluster ${clusterId} by a reviewer`,
  });
}

/** A reviewer takes a ticket out of its cluster: it gets a referral of its own. */
export async function removeFromCluster(
  deps: ReviewDeps,
  reviewer: string,
  clusterId: string,
  ticketId: string,
) {
  return regroup(deps, reviewer, ticketId, (ticket) => ticket.clusterId === clusterId, {
    patch: { clusterId: ticketId, reviewDecision: 'REFER_ALONE' },
    type: 'UNCLUSTERED',
    reason: `taken out of cluster ${clusterId} by a reviewer`,
  });
}

async function regroup(
  deps: ReviewDeps,
  reviewer: string,
  ticketId: string,
  applies: (ticket: Ticket) => boolean,
  change: {
    patch: TicketPatch;
    type: AuditEvent['type'];
    reason: string;
    refuse?: (ticket: Ticket) => Error | null;
  },
): Promise<Ticket> {
  const ticket = await deps.tickets.getTicket(ticketId);
  if (!ticket || !applies(ticket)) throw new NotFoundError('ticket');
  const refused = change.refuse?.(ticket);
  if (refused) throw refused;
  const saved = await backToReview(deps, ticket, reviewer, deps.now(), change);
  await resumeReview(deps, ticketId, 'REFER');
  return saved;
}

const REFERRED_STATUSES: readonly string[] = ['REFERRED', 'IN_PROGRESS', 'AWAITING_CITIZEN'];
const CLOSED_STATUSES: readonly string[] = ['RESOLVED', 'CLOSED'];

/**
 * Puts the ticket in review with the reviewer's decision. A referred ticket first leaves its
 * referral — withdrawn if it was the only citizen behind it, one citizen fewer if it was shared —
 * and its workflow, waiting on the agency, is sent back to review where the decision waits.
 */
async function backToReview(
  deps: ReviewDeps,
  ticket: Ticket,
  reviewer: string,
  now: Date,
  change: { patch: TicketPatch; type: AuditEvent['type']; reason: string },
): Promise<Ticket> {
  const actor = staffActor(reviewer);
  if (ticket.status === 'CLASSIFICATION_REVIEW') {
    return deps.tickets.saveTicketChange(amendTicket(ticket, { ...change, actor, now }));
  }
  const back = changeStatus(ticket, {
    to: 'CLASSIFICATION_REVIEW',
    actor,
    now,
    ...change,
    ...(REFERRED_STATUSES.includes(ticket.status)
      ? { publicNote: 'درخواست شما برای ارجاع به دستگاه مسئول بررسی می‌شود.' }
      : {}),
  });
  const referral = ticket.currentReferralId ? await deps.tickets.getReferral(ticket.currentReferralId) : null;
  if (!referral || !isOpenReferral(referral.status)) return deps.tickets.saveTicketChange(back);
  const shared = referral.citizenCount > 1;
  await deps.tickets.saveReferralChange({
    before: referral,
    after: shared
      ? {
          ...referral,
          citizenCount: referral.citizenCount - 1,
          updatedAt: now.toISOString(),
          version: referral.version + 1,
        }
      : moveReferral(referral, { to: 'WITHDRAWN', now, message: change.reason }),
    ticketChange: back,
  });
  const wait = await deps.tickets.getWait(ticket.ticketId);
  if (wait?.kind === 'AGENCY') {
    await deps.workflow.resume(wait.taskToken, { outcome: 'NOT_RESPONSIBLE' } satisfies AgencyWaitOutcome);
  }
  return back.after;
}

async function resumeReview(
  deps: ReviewDeps,
  ticketId: string,
  decision: ReviewWaitOutcome['decision'],
): Promise<void> {
  const wait = await deps.tickets.getWait(ticketId);
  if (wait?.kind === 'REVIEW')
    await deps.workflow.resume(wait.taskToken, { decision } satisfies ReviewWaitOutcome);
}
