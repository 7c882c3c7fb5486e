import type { TaskTokens } from '../adapters/ticket-workflow.ts';
import { auditEvent, citizenActor } from '../domain/audit.ts';
import { ConflictError } from '../domain/errors.ts';
import { applyFeedback, type Feedback, type FeedbackInput } from '../domain/feedback.ts';
import type { ReferenceCatalog } from '../domain/reference.ts';
import type { TicketStatus } from '../domain/status.ts';
import type { FeedbackWaitOutcome } from '../domain/workflow-wait.ts';
import type { LookupGuard } from '../store/lookup-guard.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import { provenTicket } from './track-request.ts';

export class FeedbackAlreadyGivenError extends Error {
  constructor() {
    super('feedback was already given');
    this.name = 'FeedbackAlreadyGivenError';
  }
}

export interface FeedbackDeps {
  tickets: TicketStore;
  catalog: () => Promise<ReferenceCatalog>;
  guard?: LookupGuard;
  workflow: TaskTokens;
  now: () => Date;
}

/**
 * A citizen rates the result of their request, once. An unhappy rating within the reopen window
 * reopens it (the workflow refers it again, or a supervisor decides the second time); any other
 * closes a resolved request. The workflow waiting for the feedback is resumed; if that call is
 * lost, the waiting step finds the ticket moved when it next looks.
 */
export async function giveFeedback(
  deps: FeedbackDeps,
  trackingCode: string,
  input: FeedbackInput,
): Promise<{ feedback: Feedback; status: TicketStatus } | null | 'locked'> {
  const ticket = await provenTicket(deps, trackingCode, input.mobile);
  if (ticket === null || ticket === 'locked') return ticket;
  const catalog = await deps.catalog();
  const now = deps.now();
  const { feedback, change } = applyFeedback(ticket, input, catalog.data.policy, now);
  if (await deps.tickets.getFeedback(ticket.ticketId, feedback.resolvedAt))
    throw new FeedbackAlreadyGivenError();
  try {
    await deps.tickets.saveFeedback(
      feedback,
      change
        ? { change }
        : {
            event: auditEvent({
              ticketId: ticket.ticketId,
              type: 'FEEDBACK',
              at: now,
              actor: citizenActor(),
              from: ticket.status,
              to: ticket.status,
              reason: `citizen rated the result ${input.rating} of 5`,
            }),
          },
    );
  } catch (error) {
    // Two submissions at once: one is stored; the other is told it was given.
    if (
      error instanceof ConflictError &&
      (await deps.tickets.getFeedback(ticket.ticketId, feedback.resolvedAt))
    )
      throw new FeedbackAlreadyGivenError();
    throw error;
  }
  const wait = await deps.tickets.getWait(ticket.ticketId);
  if (wait?.kind === 'FEEDBACK') {
    await deps.workflow.resume(wait.taskToken, {
      outcome: feedback.reopened ? 'REOPENED' : 'SATISFIED',
    } satisfies FeedbackWaitOutcome);
  }
  return { feedback, status: change?.after.status ?? ticket.status };
}
