import type { TaskTokens } from '../adapters/ticket-workflow.ts';
import type { Classifier } from '../classifier/classifier.ts';
import { DedupeFingerprinter } from '../dedupe/dedupe-service.ts';
import { findSameIssue } from '../dedupe/find-same-issue.ts';
import type { DedupeCandidate, DedupePolicy, TermStatistics } from '../dedupe/matcher.ts';
import { auditEvent, systemActor } from '../domain/audit.ts';
import { ConflictError } from '../domain/errors.ts';
import { newReferralId } from '../domain/ids.ts';
import type { ReferenceCatalog } from '../domain/reference.ts';
import { escalationAt, isOpenReferral, openReferral, type Referral } from '../domain/referral.ts';
import { computeDueAt, type Urgency } from '../domain/sla.ts';
import { isAllowedTransition } from '../domain/status.ts';
import { amendTicket, changeStatus, type Ticket } from '../domain/ticket.ts';
import type { AgencyWaitOutcome, ReviewWaitOutcome } from '../domain/workflow-wait.ts';
import type { DedupeIndex, IndexedRequest } from '../store/dedupe-index.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import { syncMembers } from './referral-members.ts';

/**
 * The ticket workflow's steps (functions/workflow/* are their Lambda entries). Each step reads
 * the ticket, checks where it stands and makes one conditional write, so a retried or repeated
 * invocation finds its work done and returns the same answer instead of doing it twice.
 */
export interface WorkflowStepDeps {
  tickets: TicketStore;
  catalog: () => Promise<ReferenceCatalog>;
  classifier: Classifier;
  workflow: TaskTokens;
  now: () => Date;
  /** Below this confidence a reviewer classifies the request. */
  confidenceThreshold: number;
  /** Duplicate detection; without it every request gets its own referral. */
  dedupe?: {
    index: DedupeIndex;
    stats: TermStatistics;
    policy: DedupePolicy;
    /** The keyed hash of the citizen's mobile (or national ID), when known. */
    citizenKey(ticket: Ticket): string | null;
    onIndexFailure?: (ticketId: string, error: unknown) => void;
  };
}

/** A step that cannot go on: the workflow's catch-all marks the ticket FAILED and alarms. */
export class WorkflowStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowStepError';
  }
}

async function load(deps: Pick<WorkflowStepDeps, 'tickets'>, ticketId: string): Promise<Ticket> {
  const ticket = await deps.tickets.getTicket(ticketId);
  if (!ticket) throw new WorkflowStepError(`ticket ${ticketId} not found`);
  return ticket;
}

export interface ClassifyResult {
  decision: 'REFER' | 'REVIEW';
  category: string;
  urgency: 'NORMAL' | 'URGENT';
  confidence: number;
}

export async function classifyStep(deps: WorkflowStepDeps, ticketId: string): Promise<ClassifyResult> {
  const ticket = await load(deps, ticketId);
  const digitized = ticket.status === 'CLASSIFYING' && ticket.category === null;
  if ((ticket.status === 'CLASSIFYING' && !digitized) || ticket.status === 'CLASSIFICATION_REVIEW') {
    // Already classified by an earlier attempt of this step.
    return {
      decision: ticket.status === 'CLASSIFYING' ? 'REFER' : 'REVIEW',
      category: ticket.category ?? 'GENERAL',
      urgency: ticket.urgency,
      confidence: ticket.status === 'CLASSIFYING' ? 1 : 0,
    };
  }
  if (ticket.status !== 'RECEIVED' && ticket.status !== 'FAILED' && !digitized) {
    throw new WorkflowStepError(`ticket ${ticketId} cannot be classified in status ${ticket.status}`);
  }
  const catalog = await deps.catalog();
  const result = deps.classifier.classify(ticket.subject ? `${ticket.subject}\n${ticket.text}` : ticket.text);
  const agency = catalog.defaultAgencyFor(result.category, ticket.county);
  const urgency: Urgency = result.urgent ? 'URGENT' : 'NORMAL';
  const sure = result.confidence >= deps.confidenceThreshold && agency !== undefined;
  const classification = {
    actor: systemActor('classify'),
    reason: `classifier: ${result.category} (${result.confidence})${sure ? '' : ', below threshold'}`,
    now: deps.now(),
    type: 'CLASSIFIED' as const,
    patch: { category: result.category, urgency, agencyId: sure ? (agency?.id ?? null) : null },
  };
  // A paper letter arrives already CLASSIFYING (the Digitize step moved it there) and stays.
  await deps.tickets.saveTicketChange(
    digitized && sure
      ? amendTicket(ticket, classification)
      : changeStatus(ticket, { ...classification, to: sure ? 'CLASSIFYING' : 'CLASSIFICATION_REVIEW' }),
  );
  return {
    decision: sure ? 'REFER' : 'REVIEW',
    category: result.category,
    urgency,
    confidence: result.confidence,
  };
}

export interface WaitPlan {
  referralId: string;
  /** Seconds the workflow waits for the agency before escalating (≥ 1). */
  seconds: number;
  /** OPEN while the agency still owes an answer; otherwise the answer it gave. */
  outcome: 'OPEN' | AgencyWaitOutcome['outcome'];
}

const secondsUntil = (due: Date, now: Date) => Math.max(1, Math.ceil((due.getTime() - now.getTime()) / 1000));

/** Refers the ticket to its agency with the SLA's due date. */
export async function referStep(deps: WorkflowStepDeps, ticketId: string): Promise<WaitPlan> {
  const ticket = await load(deps, ticketId);
  const now = deps.now();
  if (ticket.currentReferralId && ['REFERRED', 'IN_PROGRESS', 'AWAITING_CITIZEN'].includes(ticket.status)) {
    const existing = await deps.tickets.getReferral(ticket.currentReferralId);
    if (existing && isOpenReferral(existing.status)) {
      return {
        referralId: existing.referralId,
        seconds: secondsUntil(new Date(existing.dueAt), now),
        outcome: 'OPEN',
      };
    }
  }
  if (!ticket.category) throw new WorkflowStepError(`ticket ${ticketId} has no category to refer by`);
  const catalog = await deps.catalog();
  const category = catalog.category(ticket.category);
  const agency = ticket.agencyId
    ? catalog.agency(ticket.agencyId)
    : catalog.defaultAgencyFor(ticket.category, ticket.county);
  if (!category || !agency) throw new WorkflowStepError(`no agency for category ${ticket.category}`);

  // Duplicates: a request about an issue already referred joins that referral (SPEC: the agency
  // gets one case, with the number of citizens behind it). A reviewer may have chosen the
  // cluster (merge) or ruled clusters out for this ticket (unmerge).
  const alone = ticket.reviewDecision === 'REFER_ALONE';
  const chosenCluster =
    !alone && ticket.clusterId && ticket.clusterId !== ticket.ticketId ? ticket.clusterId : null;
  const candidate = deps.dedupe ? dedupeCandidate(deps, deps.dedupe, ticket, catalog) : undefined;
  let clusterId = chosenCluster ?? ticket.ticketId;
  let open: Referral | null = null;
  if (chosenCluster) {
    open = await openReferralOfClusterId(deps, chosenCluster);
  } else if (!alone && deps.dedupe && candidate) {
    const match = await findSameIssue(deps.dedupe.index, candidate, {
      stats: deps.dedupe.stats,
      policy: deps.dedupe.policy,
      self: ticket.ticketId,
    });
    if (match) {
      clusterId = match.clusterId;
      open = await openReferralOfCluster(deps, match, agency.id);
    }
  }
  if (open) {
    const change = changeStatus(ticket, {
      to: 'REFERRED',
      actor: systemActor('refer'),
      reason: `same issue as cluster ${clusterId}: joined referral ${open.referralId}`,
      now,
      type: 'CLUSTERED',
      publicNote: `درخواست شما همراه با درخواست‌های مشابه به «${agency.nameFa}» ارجاع شد.`,
      patch: {
        agencyId: open.agencyId,
        category: open.category,
        currentReferralId: open.referralId,
        clusterId,
        reviewDecision: null,
      },
    });
    await deps.tickets.saveReferralChange({
      before: open,
      after: {
        ...open,
        citizenCount: open.citizenCount + 1,
        clusterId: open.clusterId ?? clusterId,
        updatedAt: now.toISOString(),
        version: open.version + 1,
      },
      ticketChange: change,
    });
    await indexForDedupe(deps, candidate, {
      ticketId: ticket.ticketId,
      clusterId,
      referralId: open.referralId,
    });
    return { referralId: open.referralId, seconds: secondsUntil(new Date(open.dueAt), now), outcome: 'OPEN' };
  }

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
  const change = changeStatus(ticket, {
    to: 'REFERRED',
    actor: systemActor('refer'),
    reason: `referred to ${agency.id}, due ${dueAt.toISOString()}`,
    now,
    type: 'REFERRED',
    publicNote: `درخواست شما به «${agency.nameFa}» ارجاع شد.`,
    patch: { agencyId: agency.id, currentReferralId: referral.referralId, clusterId, reviewDecision: null },
  });
  await deps.tickets.createReferral(referral, change);
  await indexForDedupe(deps, candidate, {
    ticketId: ticket.ticketId,
    clusterId,
    referralId: referral.referralId,
  });
  return { referralId: referral.referralId, seconds: secondsUntil(dueAt, now), outcome: 'OPEN' };
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
  const recorded = match.referralId ? usable(await deps.tickets.getReferral(match.referralId)) : null;
  if (recorded) return recorded;
  const matched = await deps.tickets.getTicket(match.ticketId);
  if (!matched?.currentReferralId || matched.currentReferralId === match.referralId) return null;
  return usable(await deps.tickets.getReferral(matched.currentReferralId));
}

async function indexForDedupe(
  deps: WorkflowStepDeps,
  candidate: DedupeCandidate | undefined,
  entry: Pick<IndexedRequest, 'ticketId' | 'clusterId' | 'referralId'>,
): Promise<void> {
  if (!deps.dedupe || !candidate) return;
  // Best effort: a request missing from the index is only a duplicate the next one may not see.
  try {
    await deps.dedupe.index.add({ ...candidate, ...entry });
  } catch (error) {
    deps.dedupe.onIndexFailure?.(entry.ticketId, error);
  }
}

function agencyOutcome(referral: Referral): WaitPlan['outcome'] {
  if (referral.status === 'RESOLVED') return 'RESOLVED';
  if (referral.status === 'NOT_RESPONSIBLE' || referral.status === 'WITHDRAWN') return 'NOT_RESPONSIBLE';
  return 'OPEN';
}

async function loadReferral(deps: Pick<WorkflowStepDeps, 'tickets'>, referralId: string): Promise<Referral> {
  const referral = await deps.tickets.getReferral(referralId);
  if (!referral) throw new WorkflowStepError(`referral ${referralId} not found`);
  return referral;
}

/**
 * Pauses for the agency's final answer: records the task token, then looks once more in case
 * the agency answered before the token was recorded, and if so resumes at once.
 */
export async function awaitAgencyStep(
  deps: WorkflowStepDeps,
  input: { ticketId: string; referralId: string; taskToken: string },
): Promise<void> {
  await deps.tickets.putWait({
    ticketId: input.ticketId,
    kind: 'AGENCY',
    referralId: input.referralId,
    taskToken: input.taskToken,
    since: deps.now().toISOString(),
  });
  const referral = await loadReferral(deps, input.referralId);
  const outcome = agencyOutcome(referral);
  if (outcome !== 'OPEN') {
    await syncMembers(deps, referral);
    await deps.workflow.resume(input.taskToken, { outcome } satisfies AgencyWaitOutcome);
    return;
  }
  // A reviewer may have taken the ticket off this referral (re-route, unmerge) before this wait
  // was recorded, so their resume found no token: the ticket waits in review, and so should this.
  if (await leftReferral(deps, input.ticketId, input.referralId)) {
    await deps.workflow.resume(input.taskToken, { outcome: 'NOT_RESPONSIBLE' } satisfies AgencyWaitOutcome);
  }
}

async function leftReferral(deps: WorkflowStepDeps, ticketId: string, referralId: string): Promise<boolean> {
  const ticket = await load(deps, ticketId);
  return ticket.status === 'CLASSIFICATION_REVIEW' || ticket.currentReferralId !== referralId;
}

/**
 * The agency missed its due date: raise the escalation level (supervisor, then the governor's
 * office) and wait again for a share of the SLA. If the agency has answered meanwhile, say so.
 */
export async function escalateStep(
  deps: WorkflowStepDeps,
  input: { ticketId: string; referralId: string },
): Promise<WaitPlan & { escalationLevel: number }> {
  const referral = await loadReferral(deps, input.referralId);
  const outcome = agencyOutcome(referral);
  if (outcome !== 'OPEN') {
    // The answer came but this execution missed it (a lost resume): catch the ticket up.
    await syncMembers(deps, referral);
    return {
      referralId: referral.referralId,
      seconds: 1,
      outcome,
      escalationLevel: referral.escalationLevel,
    };
  }
  if (await leftReferral(deps, input.ticketId, referral.referralId)) {
    return {
      referralId: referral.referralId,
      seconds: 1,
      outcome: 'NOT_RESPONSIBLE',
      escalationLevel: referral.escalationLevel,
    };
  }
  const now = deps.now();
  const catalog = await deps.catalog();
  const { level, secondsToNextCheck } = escalationAt(
    referral,
    now,
    catalog.data.policy.escalationRewaitFraction,
  );
  if (level > referral.escalationLevel) {
    const ticket = await load(deps, input.ticketId);
    try {
      await deps.tickets.saveReferralChange({
        before: referral,
        after: {
          ...referral,
          escalationLevel: level,
          updatedAt: now.toISOString(),
          version: referral.version + 1,
        },
        event: auditEvent({
          ticketId: ticket.ticketId,
          type: 'ESCALATED',
          at: now,
          actor: systemActor('escalate'),
          from: ticket.status,
          to: ticket.status,
          reason: `referral ${referral.referralId} overdue since ${referral.dueAt}; escalated to ${
            level === 1 ? 'supervisor' : "governor's office"
          }`,
        }),
      });
    } catch (error) {
      // Another execution waiting on the same referral escalated it first: nothing left to do.
      if (!(error instanceof ConflictError)) throw error;
    }
  }
  return {
    referralId: referral.referralId,
    seconds: secondsToNextCheck,
    outcome: 'OPEN',
    escalationLevel: Math.max(level, referral.escalationLevel),
  };
}

/** Pauses for a reviewer's decision, resuming at once if the reviewer already decided. */
export async function awaitReviewStep(
  deps: WorkflowStepDeps,
  input: { ticketId: string; taskToken: string },
): Promise<void> {
  await deps.tickets.putWait({
    ticketId: input.ticketId,
    kind: 'REVIEW',
    referralId: null,
    taskToken: input.taskToken,
    since: deps.now().toISOString(),
  });
  const ticket = await load(deps, input.ticketId);
  const decided = ticket.status === 'CLASSIFICATION_REVIEW' ? ticket.reviewDecision : null;
  const decision: ReviewWaitOutcome['decision'] | null =
    ticket.status === 'CLOSED' || decided === 'CLOSE' ? 'CLOSE' : decided ? 'REFER' : null;
  if (decision) await deps.workflow.resume(input.taskToken, { decision } satisfies ReviewWaitOutcome);
}

/** The workflow's catch-all: the ticket becomes FAILED (for operations to redrive) where it can. */
export async function markFailedStep(
  deps: Pick<WorkflowStepDeps, 'tickets' | 'now'>,
  input: { ticketId: string; error: string },
): Promise<{ marked: boolean }> {
  const ticket = await deps.tickets.getTicket(input.ticketId);
  if (!ticket) return { marked: false };
  const reason = `workflow failed: ${input.error.slice(0, 500)}`;
  const now = deps.now();
  const marked = isAllowedTransition(ticket.status, 'FAILED', 'system');
  const change = marked
    ? changeStatus(ticket, { to: 'FAILED', actor: systemActor('workflow'), reason, now })
    : amendTicket(ticket, { patch: {}, actor: systemActor('workflow'), reason, now, type: 'NOTE' });
  await deps.tickets.saveTicketChange(change);
  return { marked };
}
