import { systemActor } from '../../domain/audit.ts';
import { ConflictError } from '../../domain/errors.ts';
import { amendTicket } from '../../domain/ticket.ts';
import { load, type WorkflowStepDeps } from './step.ts';

/** The waits a person owes, which escalate when nobody works them in time. */
const PERSON_WAITS = ['CLASSIFICATION_REVIEW', 'TRANSCRIPTION_REVIEW'] as const;

/**
 * A review or a transcription waited its whole bound with nobody working it: the supervisors are
 * told (an ESCALATED event; the task shows escalated in the queue) and the workflow waits again.
 * A ticket that moved on meanwhile is left alone.
 */
export async function flagOverdueWaitStep(
  deps: Pick<WorkflowStepDeps, 'tickets' | 'now'>,
  input: { ticketId: string },
): Promise<void> {
  const ticket = await load(deps, input.ticketId);
  if (!(PERSON_WAITS as readonly string[]).includes(ticket.status)) return;
  const now = deps.now();
  try {
    await deps.tickets.saveTicketChange(
      amendTicket(ticket, {
        patch: { waitEscalatedAt: now.toISOString() },
        actor: systemActor('flag-overdue-wait'),
        reason: `in ${ticket.status} since ${ticket.statusChangedAt} with nobody working it: escalated to the supervisors`,
        now,
        type: 'ESCALATED',
      }),
    );
  } catch (error) {
    // A reviewer acted at this very moment: nothing is overdue any more.
    if (!(error instanceof ConflictError)) throw error;
  }
}
