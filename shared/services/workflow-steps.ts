import type { TaskTokens } from '../adapters/ticket-workflow.ts';
import type { Classifier } from '../classifier/classifier.ts';
import { auditEvent, systemActor } from '../domain/audit.ts';
import { newReferralId } from '../domain/ids.ts';
import type { ReferenceCatalog } from '../domain/reference.ts';
import { isOpenReferral, openReferral, type Referral } from '../domain/referral.ts';
import { computeDueAt } from '../domain/sla.ts';
import { isAllowedTransition } from '../domain/status.ts';
import { amendTicket, changeStatus, type Ticket } from '../domain/ticket.ts';
import type { AgencyWaitOutcome, ReviewWaitOutcome } from '../domain/workflow-wait.ts';
import type { TicketStore } from '../store/ticket-store.ts';

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
  if (ticket.status === 'CLASSIFYING' || ticket.status === 'CLASSIFICATION_REVIEW') {
    // Already classified by an earlier attempt of this step.
    return {
      decision: ticket.status === 'CLASSIFYING' ? 'REFER' : 'REVIEW',
      category: ticket.category ?? 'GENERAL',
      urgency: ticket.urgency,
      confidence: ticket.status === 'CLASSIFYING' ? 1 : 0,
    };
  }
  if (ticket.status !== 'RECEIVED' && ticket.status !== 'FAILED') {
    throw new WorkflowStepError(`ticket ${ticketId} cannot be classified in status ${ticket.status}`);
  }
  const catalog = await deps.catalog();
  const result = deps.classifier.classify(ticket.subject ? `${ticket.subject}\n${ticket.text}` : ticket.text);
  const agency = catalog.defaultAgencyFor(result.category);
  const urgency = result.urgent ? 'URGENT' : 'NORMAL';
  const sure = result.confidence >= deps.confidenceThreshold && agency !== undefined;
  await deps.tickets.saveTicketChange(
    changeStatus(ticket, {
      to: sure ? 'CLASSIFYING' : 'CLASSIFICATION_REVIEW',
      actor: systemActor('classify'),
      reason: `classifier: ${result.category} (${result.confidence})${sure ? '' : ', below threshold'}`,
      now: deps.now(),
      type: 'CLASSIFIED',
      patch: { category: result.category, urgency, agencyId: sure ? (agency?.id ?? null) : null },
    }),
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
  const agency = catalog.agency(ticket.agencyId ?? category?.defaultAgencyId ?? '');
  if (!category || !agency) throw new WorkflowStepError(`no agency for category ${ticket.category}`);
  const dueAt = computeDueAt({
    receivedAt: now,
    category,
    urgency: ticket.urgency,
    calendar: catalog.data.policy.calendar,
  });
  const referral = openReferral({
    referralId: newReferralId(),
    ticket,
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
    patch: { agencyId: agency.id, currentReferralId: referral.referralId, reviewDecision: null },
  });
  await deps.tickets.createReferral(referral, change);
  return { referralId: referral.referralId, seconds: secondsUntil(dueAt, now), outcome: 'OPEN' };
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
  const outcome = agencyOutcome(await loadReferral(deps, input.referralId));
  if (outcome !== 'OPEN')
    await deps.workflow.resume(input.taskToken, { outcome } satisfies AgencyWaitOutcome);
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
  const now = deps.now();
  if (outcome !== 'OPEN')
    return {
      referralId: referral.referralId,
      seconds: 1,
      outcome,
      escalationLevel: referral.escalationLevel,
    };
  const catalog = await deps.catalog();
  const level = Math.min(2, referral.escalationLevel + 1) as 0 | 1 | 2;
  const slaMs = new Date(referral.dueAt).getTime() - new Date(referral.createdAt).getTime();
  const seconds = Math.max(1, Math.ceil((slaMs / 1000) * catalog.data.policy.escalationRewaitFraction));
  const ticket = await load(deps, input.ticketId);
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
  return { referralId: referral.referralId, seconds, outcome: 'OPEN', escalationLevel: level };
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
  const decision: ReviewWaitOutcome['decision'] | null =
    ticket.status === 'CLOSED'
      ? 'CLOSE'
      : ticket.status === 'CLASSIFICATION_REVIEW'
        ? ticket.reviewDecision
        : null;
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
