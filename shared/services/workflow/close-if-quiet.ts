import { systemActor } from '../../domain/audit.ts';
import { ConflictError } from '../../domain/errors.ts';
import { changeStatus } from '../../domain/ticket.ts';
import { load, secondsUntil, type WorkflowStepDeps } from './step.ts';

const DAY_MS = 86_400_000;

/** What follows a result: wait `seconds` more for the citizen's feedback, or the follow-up is over. */
export interface ResolutionPlan {
  done: boolean;
  seconds: number;
}

/**
 * After a result the citizen has a while to rate it: the request is closed when the grace period
 * passes without feedback, and may still be reopened until the reopen window ends. Called when the
 * result arrives and each time the feedback wait times out; says how long to wait next.
 */
export async function closeIfQuietStep(
  deps: Pick<WorkflowStepDeps, 'tickets' | 'catalog' | 'now'>,
  input: { ticketId: string },
): Promise<ResolutionPlan> {
  const ticket = await load(deps, input.ticketId);
  if (ticket.status !== 'RESOLVED' && ticket.status !== 'CLOSED') return { done: true, seconds: 1 };
  const { policy } = (await deps.catalog()).data;
  const now = deps.now();
  const resolvedAt = new Date(ticket.resolvedAt ?? ticket.statusChangedAt).getTime();
  const closeAt = new Date(resolvedAt + policy.autoCloseAfterDays * DAY_MS);
  const windowEnds = new Date(
    resolvedAt + Math.max(policy.reopenWindowDays, policy.autoCloseAfterDays) * DAY_MS,
  );
  if (ticket.status === 'RESOLVED' && now < closeAt)
    return { done: false, seconds: secondsUntil(closeAt, now) };
  if (ticket.status === 'RESOLVED') {
    try {
      await deps.tickets.saveTicketChange(
        changeStatus(ticket, {
          to: 'CLOSED',
          actor: systemActor('close-if-quiet'),
          reason: `no feedback within ${policy.autoCloseAfterDays} days of the result`,
          now,
          publicNote: 'درخواست شما پس از اعلام نتیجه بسته شد.',
        }),
      );
    } catch (error) {
      // The citizen answered at this moment: the next look finds where it went.
      if (!(error instanceof ConflictError)) throw error;
      return { done: false, seconds: 1 };
    }
  }
  if (now < windowEnds) return { done: false, seconds: secondsUntil(windowEnds, now) };
  return { done: true, seconds: 1 };
}
