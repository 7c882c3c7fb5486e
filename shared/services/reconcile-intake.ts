import type { IntakeQueue } from '../adapters/intake-queue.ts';
import type { TicketStore } from '../store/ticket-store.ts';

/**
 * The safety net behind the intake hand-off: a ticket still RECEIVED well after it was stored
 * never reached the workflow (the enqueue failed, or a message was lost), so it is enqueued again.
 * Starting the workflow is idempotent per ticket, so a ticket that was merely slow is harmless.
 * Reads only the RECEIVED queue partition, oldest first, and stops at the first young ticket.
 */
export async function reconcileIntake(
  deps: { tickets: TicketStore; intakeQueue: IntakeQueue; now: () => Date },
  options: { graceSeconds: number; maxTickets?: number },
): Promise<{ enqueued: number }> {
  const cutoff = deps.now().getTime() - options.graceSeconds * 1000;
  const max = options.maxTickets ?? 5000;
  let enqueued = 0;
  let cursor: string | null = null;
  do {
    const page = await deps.tickets.listByStatus('RECEIVED', { cursor, limit: 100 });
    for (const ticket of page.items) {
      if (new Date(ticket.statusChangedAt).getTime() > cutoff || enqueued >= max) return { enqueued };
      await deps.intakeQueue.enqueue({ ticketId: ticket.ticketId });
      enqueued++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return { enqueued };
}
