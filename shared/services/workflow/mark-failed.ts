import { systemActor } from '../../domain/audit.ts';
import { isAllowedTransition } from '../../domain/status.ts';
import { amendTicket, changeStatus } from '../../domain/ticket.ts';
import type { WorkflowStepDeps } from './step.ts';

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
