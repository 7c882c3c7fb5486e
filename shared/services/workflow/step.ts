import type { TaskTokens } from '../../adapters/ticket-workflow.ts';
import type { Classifier } from '../../classifier/classifier.ts';
import type { DedupePolicy, TermStatistics } from '../../dedupe/matcher.ts';
import type { ReferenceCatalog } from '../../domain/reference.ts';
import { awaitsCitizen, nextFollowUpCheck, type Referral } from '../../domain/referral.ts';
import type { Ticket } from '../../domain/ticket.ts';
import type { AgencyWaitOutcome, WaitKind } from '../../domain/workflow-wait.ts';
import type { DedupeIndex } from '../../store/dedupe-index.ts';
import type { TicketStore } from '../../store/ticket-store.ts';

/**
 * What the ticket workflow's steps share (one file per step beside this one; functions/workflow/*
 * are their Lambda entries). Each step reads what it needs once, checks where the ticket stands
 * and makes one conditional write, so a retried or repeated invocation finds its work done and
 * returns the same answer instead of doing it twice.
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
  };
}

/** A step that cannot go on: the execution fails there, is redriven, then parked (failed-executions.ts). */
export class WorkflowStepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkflowStepError';
  }
}

export async function load(deps: Pick<WorkflowStepDeps, 'tickets'>, ticketId: string): Promise<Ticket> {
  const ticket = await deps.tickets.getTicket(ticketId);
  if (!ticket) throw new WorkflowStepError(`ticket ${ticketId} not found`);
  return ticket;
}

export interface WaitPlan {
  referralId: string;
  /** Seconds the workflow waits for the agency before escalating (≥ 1). */
  seconds: number;
  /** OPEN while the agency still owes an answer; otherwise the answer it gave. */
  outcome: 'OPEN' | AgencyWaitOutcome['outcome'];
}

export const secondsUntil = (due: Date, now: Date) =>
  Math.max(1, Math.ceil((due.getTime() - now.getTime()) / 1000));

/** Seconds the workflow waits on an open referral before looking again: the reminder, or the follow-up date. */
export async function followUpSeconds(
  deps: Pick<WorkflowStepDeps, 'catalog'>,
  referral: Pick<Referral, 'createdAt' | 'dueAt' | 'expectedBy' | 'remindedAt'>,
  now: Date,
): Promise<number> {
  const { policy } = (await deps.catalog()).data;
  return secondsUntil(nextFollowUpCheck(referral, now, policy.reminderLeadFraction), now);
}

export function agencyOutcome(referral: Referral): WaitPlan['outcome'] {
  if (awaitsCitizen(referral)) return 'NEEDS_INFO';
  if (referral.status === 'RESOLVED') return 'RESOLVED';
  if (referral.status === 'NOT_RESPONSIBLE' || referral.status === 'WITHDRAWN') return 'NOT_RESPONSIBLE';
  return 'OPEN';
}

/** The ticket and the referral its wait is on, in one read; a step fails without either. */
export async function ticketAndReferral(
  deps: Pick<WorkflowStepDeps, 'tickets'>,
  input: { ticketId: string; referralId: string },
): Promise<{ ticket: Ticket; referral: Referral }> {
  const { ticket, referral } = await deps.tickets.getTicketAndReferral(input.ticketId, input.referralId);
  if (!referral) throw new WorkflowStepError(`referral ${input.referralId} not found`);
  if (!ticket) throw new WorkflowStepError(`ticket ${input.ticketId} not found`);
  return { ticket, referral };
}

/** A reviewer took the ticket off this referral (re-route, unmerge). */
export function leftReferral(ticket: Ticket, referralId: string): boolean {
  return ticket.status === 'CLASSIFICATION_REVIEW' || ticket.currentReferralId !== referralId;
}

/** Records where a waiting step's execution pauses: the token whoever completes the wait resumes. */
export function recordWait(
  deps: Pick<WorkflowStepDeps, 'tickets' | 'now'>,
  input: { ticketId: string; taskToken: string; referralId?: string },
  kind: WaitKind,
): Promise<void> {
  return deps.tickets.putWait({
    ticketId: input.ticketId,
    kind,
    referralId: input.referralId ?? null,
    taskToken: input.taskToken,
    since: deps.now().toISOString(),
  });
}
