import { createHash } from 'node:crypto';
import type { IntakeMessage } from '../../events/contracts.ts';
import type { IntakeQueue } from '../adapters/intake-queue.ts';
import { newTicketId } from '../domain/ids.ts';
import { type NewTicketInput, openTicket, type Ticket } from '../domain/ticket.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import type { TrackingCodeSource } from './tracking-codes.ts';

export interface RegisterRequestDeps {
  tickets: TicketStore;
  trackingCodes: TrackingCodeSource;
  intakeQueue: IntakeQueue;
  now: () => Date;
  /** Told when the hand-off to the queue failed; the intake reconciler will pick the ticket up. */
  onEnqueueFailure?: (ticketId: string, error: unknown) => void;
}

/** What a ticket is opened from, less what registration itself supplies (ids, code, time). */
export type RegisterRequestInput = Omit<NewTicketInput, 'ticketId' | 'trackingCode' | 'now'> & {
  idempotencyKey?: string | undefined;
};

/**
 * Registers a request: stores the ticket (with its tracking code, first event and identity links),
 * then hands it to the intake queue. The store is the source of truth: if the hand-off fails the
 * citizen still gets a tracking code, and the reconciler re-enqueues tickets still RECEIVED after
 * a grace period, so no stored ticket is left behind.
 */
export async function registerRequest(
  deps: RegisterRequestDeps,
  input: RegisterRequestInput,
): Promise<{ ticket: Ticket; created: boolean }> {
  const idempotency = input.idempotencyKey
    ? { scope: input.intakePoint.id, key: input.idempotencyKey, fingerprint: fingerprint(input) }
    : undefined;
  const { idempotencyKey: _key, ...opening } = input;
  const { ticket, event } = openTicket({
    ...opening,
    ticketId: newTicketId(),
    trackingCode: await deps.trackingCodes.next(),
    now: deps.now(),
  });
  const result = await deps.tickets.createTicket(ticket, event, idempotency);
  // A repeat finds the ticket stored; if it has not moved on, the first hand-off may have been lost.
  if (result.created || awaitsWorkflow(result.ticket)) await handOff(deps, result.ticket);
  return result;
}

/** Stored but not yet picked up by its workflow: still RECEIVED, or a paper letter not yet read. */
export const awaitsWorkflow = (ticket: Pick<Ticket, 'status'>): boolean =>
  ticket.status === 'RECEIVED' || ticket.status === 'DIGITIZING';

/** The intake message for a ticket: paper letters are read before they are classified. */
export const intakeMessage = (ticket: Pick<Ticket, 'ticketId' | 'status'>): IntakeMessage =>
  ticket.status === 'DIGITIZING' ? { ticketId: ticket.ticketId, paper: true } : { ticketId: ticket.ticketId };

async function handOff(deps: RegisterRequestDeps, ticket: Ticket): Promise<void> {
  try {
    await deps.intakeQueue.enqueue(intakeMessage(ticket));
  } catch (error) {
    deps.onEnqueueFailure?.(ticket.ticketId, error);
  }
}

/** What makes two submissions "the same request" for an idempotency key. */
function fingerprint(input: RegisterRequestInput): string {
  const { actor: _actor, idempotencyKey: _key, ...body } = input;
  return createHash('sha256').update(JSON.stringify(body)).digest('base64url');
}
