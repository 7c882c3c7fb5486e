import { systemActor } from '../domain/audit.ts';
import { isAllowedTransition } from '../domain/status.ts';
import { amendTicket, changeStatus } from '../domain/ticket.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import type { WorkflowExecutions } from './operations.ts';

/**
 * What happens when a ticket's workflow fails for good, after every step's own retries: it is
 * redriven (restarted from the step that failed) a bounded number of times, each attempt noted
 * in the ticket's history; after the last, the ticket is parked: FAILED (the citizen still sees
 * "processing", with a note that it is delayed), a message in the repair queue, whose depth
 * raises an alarm, for a person to look at. Nothing ends silently.
 */
export interface FailedExecution {
  executionArn: string;
  /** The execution's name: the ticket id. */
  ticketId: string;
  status: 'FAILED' | 'TIMED_OUT';
}

export interface RepairQueue {
  park(item: { ticketId: string; executionArn: string; error: string; parkedAt: string }): Promise<void>;
}

export interface FailedExecutionDeps {
  executions: Pick<WorkflowExecutions, 'describe' | 'redrive'>;
  tickets: Pick<TicketStore, 'getTicket' | 'saveTicketChange'>;
  repairs: RepairQueue;
  now: () => Date;
  /** Automatic redrives before a ticket is parked. */
  maxRedrives: number;
}

export const DELAY_NOTE = 'بررسی درخواست شما با تأخیر همراه شده است؛ همکاران ما آن را پیگیری می‌کنند.';

export async function handleFailedExecution(
  deps: FailedExecutionDeps,
  failed: FailedExecution,
): Promise<{ outcome: 'redriven' | 'parked'; attempt: number }> {
  const execution = await deps.executions.describe(failed.executionArn);
  // An execution that cannot be read cannot be redriven either: it is parked for a person.
  const { redriveCount, error, cause } = execution ?? {
    redriveCount: deps.maxRedrives,
    error: '',
    cause: '',
  };
  const why = `${error || failed.status}: ${cause}`.slice(0, 500);
  const ticket = await deps.tickets.getTicket(failed.ticketId);
  const now = deps.now();
  if (redriveCount < deps.maxRedrives) {
    const attempt = redriveCount + 1;
    if (ticket)
      await deps.tickets.saveTicketChange(
        amendTicket(ticket, {
          patch: {},
          actor: systemActor('redrive'),
          reason: `workflow ${failed.status.toLowerCase()} (${why}); redriven, attempt ${attempt} of ${deps.maxRedrives}`,
          now,
          type: 'NOTE',
        }),
      );
    await deps.executions.redrive(failed.executionArn);
    return { outcome: 'redriven', attempt };
  }
  if (ticket) {
    const reason = `workflow ${failed.status.toLowerCase()} after ${redriveCount} redrives (${why}); parked for repair`;
    const actor = systemActor('redrive');
    await deps.tickets.saveTicketChange(
      isAllowedTransition(ticket.status, 'FAILED', 'system')
        ? changeStatus(ticket, { to: 'FAILED', actor, reason, now, publicNote: DELAY_NOTE })
        : amendTicket(ticket, { patch: {}, actor, reason, now, type: 'NOTE' }),
    );
  }
  await deps.repairs.park({
    ticketId: failed.ticketId,
    executionArn: failed.executionArn,
    error: why,
    parkedAt: now.toISOString(),
  });
  return { outcome: 'parked', attempt: redriveCount };
}
