import type { IntakeQueue } from '../adapters/intake-queue.ts';
import type { TicketStatus } from '../domain/status.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import { type BatchRegistrationDeps, registerBatchLetters } from './letter-batches.ts';
import { intakeMessage } from './register-request.ts';

/**
 * The safety net behind the intake hand-off: a ticket still RECEIVED well after it was stored,
 * with no workflow started for it, never reached the workflow (the enqueue failed, or a message
 * was lost), so it is enqueued again. In a visit-day backlog most RECEIVED tickets are only
 * waiting for their started workflow; re-enqueueing them all every minute would feed the backlog.
 * Reads only the queue partition of the status, oldest first, and stops at the first young ticket.
 *
 * Paper letters stay DIGITIZING while they wait for OCR (a backlog on a visit day), so they are
 * swept only after the workflow's whole OCR wait: by then a started workflow has moved them on.
 * Their first hand-off is retried sooner, by the batch sweep below.
 */
export async function reconcileIntake(
  deps: {
    tickets: TicketStore;
    intakeQueue: IntakeQueue;
    now: () => Date;
    /** Whether the ticket's workflow was started: a ticket waiting in a backlog is not lost. */
    workflowStarted?: (ticketId: string) => Promise<boolean>;
  },
  options: { graceSeconds: number; digitizingGraceSeconds: number; maxTickets?: number },
): Promise<{ enqueued: number }> {
  // With the check, a run looks at the oldest few hundred: a lost ticket stays behind while the
  // backlog in front of it moves on, so it becomes one of the oldest and a later run finds it.
  const max = options.maxTickets ?? (deps.workflowStarted ? 300 : 5000);
  let enqueued = 0;
  let looked = 0;
  for (const [status, grace] of [
    ['RECEIVED', options.graceSeconds],
    ['DIGITIZING', options.digitizingGraceSeconds],
  ] as Array<[TicketStatus, number]>) {
    const cutoff = deps.now().getTime() - grace * 1000;
    let cursor: string | null = null;
    sweep: do {
      const page = await deps.tickets.listByStatus(status, { cursor, limit: 100 });
      for (const ticket of page.items) {
        if (new Date(ticket.statusChangedAt).getTime() > cutoff || looked >= max) break sweep;
        looked++;
        if (deps.workflowStarted && (await deps.workflowStarted(ticket.ticketId))) continue;
        await deps.intakeQueue.enqueue(intakeMessage(ticket));
        enqueued++;
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
  return { enqueued };
}

/**
 * Finishes letter batches whose submission was cut short (the function timed out, a hand-off
 * failed): each letter's ticket is created once, so running it again is safe.
 */
export async function reconcileBatches(
  deps: BatchRegistrationDeps,
  options: { graceSeconds: number; maxBatches?: number; until?: number },
): Promise<{ batches: number }> {
  const cutoff = deps.now().getTime() - options.graceSeconds * 1000;
  const max = options.maxBatches ?? 20;
  let batches = 0;
  let cursor: string | null = null;
  do {
    const page = await deps.batches.listByStatus('SUBMITTED', { cursor, limit: 50 });
    for (const batch of page.items) {
      if (batches >= max) return { batches };
      if (!batch.submittedAt || Date.parse(batch.submittedAt) > cutoff) continue;
      if (options.until !== undefined && Date.now() > options.until) return { batches };
      await registerBatchLetters(deps, batch, options.until === undefined ? {} : { until: options.until });
      batches++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { batches };
}
