import type { Classifier } from '../../classifier/classifier.ts';
import { DedupeFingerprinter } from '../../dedupe/dedupe-service.ts';
import { findSameIssue } from '../../dedupe/find-same-issue.ts';
import type { DedupeCandidate, TermStatistics } from '../../dedupe/matcher.ts';
import { auditEvent, systemActor } from '../../domain/audit.ts';
import { ConflictError } from '../../domain/errors.ts';
import { newReferralId } from '../../domain/ids.ts';
import type { ReferenceCatalog } from '../../domain/reference.ts';
import { isOpenReferral, openReferral, type Referral } from '../../domain/referral.ts';
import { computeDueAt } from '../../domain/sla.ts';
import { changeStatus, type Ticket } from '../../domain/ticket.ts';
import type { IndexedReferral, IndexedRequest } from '../../store/dedupe-index.ts';
import { type ClassifyResult, classificationReason, UNCLASSIFIED } from './classify.ts';
import {
  followUpSeconds,
  load,
  secondsUntil,
  type WaitPlan,
  type WorkflowStepDeps,
  WorkflowStepError,
} from './step.ts';

/**
 * Refers the ticket to its agency with the SLA's due date, or joins it to the open referral of
 * the same issue. A ticket the workflow brings straight from the classifier carries its
 * classification in `classification`; a reviewed one carries the reviewer's in the ticket.
 */
export async function referStep(
  deps: WorkflowStepDeps,
  input: { ticketId: string; classification?: ClassifyResult },
): Promise<WaitPlan> {
  const stored = await load(deps, input.ticketId);
  const now = deps.now();
  if (stored.currentReferralId && ['REFERRED', 'IN_PROGRESS', 'AWAITING_CITIZEN'].includes(stored.status)) {
    const existing = await deps.tickets.getReferral(stored.currentReferralId);
    if (existing && isOpenReferral(existing.status)) {
      return {
        referralId: existing.referralId,
        seconds: await followUpSeconds(deps, existing, now),
        outcome: 'OPEN',
      };
    }
  }
  const fresh = UNCLASSIFIED.includes(stored.status) && input.classification?.decision === 'REFER';
  const classification = fresh ? input.classification : undefined;
  // The classification, applied to the ticket as it is written with the referral.
  const ticket: Ticket = classification
    ? {
        ...stored,
        category: classification.category,
        urgency: classification.urgency,
        agencyId: classification.agencyId,
      }
    : stored;
  const classified = classification
    ? [
        auditEvent({
          ticketId: ticket.ticketId,
          type: 'CLASSIFIED',
          at: new Date(classification.classifiedAt),
          actor: systemActor('classify'),
          from: stored.status,
          to: stored.status,
          reason: classificationReason(classification.category, classification.confidence, true),
        }),
      ]
    : [];
  if (!ticket.category) throw new WorkflowStepError(`ticket ${ticket.ticketId} has no category to refer by`);
  const catalog = await deps.catalog();
  const category = catalog.category(ticket.category);
  const agency = ticket.agencyId
    ? catalog.agency(ticket.agencyId)
    : catalog.defaultAgencyFor(ticket.category, ticket.county);
  if (!category || !agency) throw new WorkflowStepError(`no agency for category ${ticket.category}`);
  const moveTo = (
    patch: Partial<Ticket>,
    event: { type: 'CLUSTERED' | 'REFERRED'; reason: string; note: string },
  ) => ({
    ...changeStatus(stored, {
      to: 'REFERRED',
      actor: systemActor('refer'),
      reason: event.reason,
      now,
      type: event.type,
      publicNote: event.note,
      patch: {
        category: ticket.category,
        urgency: ticket.urgency,
        agencyId: ticket.agencyId,
        ...patch,
        reviewDecision: null,
      },
    }),
    earlierEvents: classified,
  });

  // Duplicates: a request about an issue already referred joins that referral (SPEC: the agency
  // gets one case, with the number of citizens behind it). A reviewer may have chosen the
  // cluster (merge) or ruled clusters out for this ticket (unmerge).
  const alone = ticket.reviewDecision === 'REFER_ALONE';
  const chosenCluster =
    !alone && ticket.clusterId && ticket.clusterId !== ticket.ticketId ? ticket.clusterId : null;
  const candidate = deps.dedupe ? dedupeCandidate(deps, deps.dedupe, ticket, catalog) : undefined;
  let clusterId = chosenCluster ?? ticket.ticketId;
  /** This request's dedupe index entries, written with the referral it joins or opens. */
  const indexed = (entry: Pick<IndexedRequest, 'ticketId' | 'clusterId' | 'referral'>) =>
    deps.dedupe && candidate ? { indexed: { ...candidate, ...entry } } : {};
  /** One more citizen behind an open referral: written without reading it first. */
  const join = async (open: IndexedReferral): Promise<WaitPlan> => {
    const change = moveTo(
      { agencyId: open.agencyId, category: open.category, currentReferralId: open.referralId, clusterId },
      {
        type: 'CLUSTERED',
        reason: `same issue as cluster ${clusterId}: joined referral ${open.referralId}`,
        note: `درخواست شما همراه با درخواست‌های مشابه به «${agency.nameFa}» ارجاع شد.`,
      },
    );
    await deps.tickets.joinReferral({
      referralId: open.referralId,
      agencyId: open.agencyId,
      now,
      ticketChange: change,
      ...indexed({ ticketId: ticket.ticketId, clusterId, referral: open }),
    });
    // A joined referral's own execution reminds its agency; this one looks again at the due date.
    return { referralId: open.referralId, seconds: secondsUntil(new Date(open.dueAt), now), outcome: 'OPEN' };
  };
  let open: IndexedReferral | null = null;
  if (chosenCluster) {
    open = summary(await openReferralOfClusterId(deps, chosenCluster));
  } else if (!alone && deps.dedupe && candidate) {
    const match = await findSameIssue(deps.dedupe.index, candidate, {
      stats: deps.dedupe.stats,
      policy: deps.dedupe.policy,
      self: ticket.ticketId,
    });
    if (match) {
      clusterId = match.clusterId;
      // The referral the index recorded with the match; if it has closed since (or this ticket
      // changed meanwhile), read which referral the matched ticket is on now.
      if (match.referral?.agencyId === agency.id) {
        try {
          return await join(match.referral);
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
        }
      }
      open = summary(await openReferralOfCluster(deps, match, agency.id));
    }
  }
  if (open) return join(open);

  const dueAt = computeDueAt({
    receivedAt: now,
    category,
    urgency: ticket.urgency,
    calendar: catalog.data.policy.calendar,
  });
  const referral = openReferral({
    referralId: newReferralId(),
    ticket: { ...ticket, clusterId },
    agencyId: agency.id,
    category: category.code,
    urgency: ticket.urgency,
    dueAt,
    now,
  });
  const change = moveTo(
    { agencyId: agency.id, currentReferralId: referral.referralId, clusterId },
    {
      type: 'REFERRED',
      reason: `referred to ${agency.id}, due ${dueAt.toISOString()}`,
      note: `درخواست شما به «${agency.nameFa}» ارجاع شد.`,
    },
  );
  await deps.tickets.createReferral(
    referral,
    change,
    undefined,
    indexed({ ticketId: ticket.ticketId, clusterId, referral: summary(referral) }).indexed,
  );
  return {
    referralId: referral.referralId,
    seconds: await followUpSeconds(deps, referral, now),
    outcome: 'OPEN',
  };
}

/** What the dedupe index keeps of a referral. */
function summary(referral: Referral | null): IndexedReferral | null {
  return referral
    ? {
        referralId: referral.referralId,
        agencyId: referral.agencyId,
        category: referral.category,
        dueAt: referral.dueAt,
      }
    : null;
}

const fingerprinters = new WeakMap<ReferenceCatalog, DedupeFingerprinter>();

/** One fingerprinter (and its gazetteer) per snapshot of the reference data. */
function fingerprinterFor(catalog: ReferenceCatalog, classifier: Classifier, stats: TermStatistics) {
  let fingerprinter = fingerprinters.get(catalog);
  if (!fingerprinter) {
    fingerprinter = new DedupeFingerprinter(catalog, classifier, stats);
    fingerprinters.set(catalog, fingerprinter);
  }
  return fingerprinter;
}

/** This request as dedupe sees it. */
function dedupeCandidate(
  deps: WorkflowStepDeps,
  dedupe: NonNullable<WorkflowStepDeps['dedupe']>,
  ticket: Ticket,
  catalog: ReferenceCatalog,
): DedupeCandidate {
  return fingerprinterFor(catalog, deps.classifier, dedupe.stats).candidate({
    text: ticket.subject ? `${ticket.subject}\n${ticket.text}` : ticket.text,
    county: ticket.county,
    category: ticket.category,
    receivedAt: ticket.receivedAt,
    citizenKey: dedupe.citizenKey(ticket),
  });
}

/** The open referral a cluster's members wait on, whichever agency it went to. */
async function openReferralOfClusterId(deps: WorkflowStepDeps, clusterId: string): Promise<Referral | null> {
  const members = await deps.tickets.listCluster(clusterId, { limit: 200 });
  for (const member of members.items) {
    if (!member.currentReferralId) continue;
    const referral = await deps.tickets.getReferral(member.currentReferralId);
    if (referral && isOpenReferral(referral.status)) return referral;
  }
  return null;
}

/**
 * The open referral to `agencyId` that the matched request's cluster is waiting on, if any: the
 * referral the index recorded with it, or (when that one has closed since, or the entry predates
 * it) the matched ticket's current one.
 */
async function openReferralOfCluster(
  deps: WorkflowStepDeps,
  match: IndexedRequest,
  agencyId: string,
): Promise<Referral | null> {
  const usable = (referral: Referral | null) =>
    referral && isOpenReferral(referral.status) && referral.agencyId === agencyId ? referral : null;
  const recorded = match.referral ? usable(await deps.tickets.getReferral(match.referral.referralId)) : null;
  if (recorded) return recorded;
  const matched = await deps.tickets.getTicket(match.ticketId);
  if (!matched?.currentReferralId || matched.currentReferralId === match.referral?.referralId) return null;
  return usable(await deps.tickets.getReferral(matched.currentReferralId));
}
