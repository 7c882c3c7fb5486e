import { auditEvent, staffActor } from '../domain/audit.ts';
import { NotFoundError } from '../domain/errors.ts';
import { type OperatorChannel, type OperatorRequest, operatorIntakePoint } from '../domain/request-input.ts';
import type { Ticket } from '../domain/ticket.ts';
import { type TicketSummary, ticketSummary } from '../domain/ticket-summary.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import { type RegisterRequestDeps, registerRequest } from './register-request.ts';

/** How many of a citizen's latest requests a lookup reads: a person rarely has more open at once. */
const LOOKUP_LIMIT = 20;

/**
 * The citizen's requests that are not closed, newest first, found by mobile and by national ID
 * (through their keyed hashes): a caller who gives either is matched to everything they sent.
 */
export async function openRequestsOf(
  tickets: Pick<TicketStore, 'listByCitizen'>,
  identity: { mobile?: string | undefined; nationalId?: string | undefined },
): Promise<TicketSummary[]> {
  const lookups = [
    identity.mobile ? tickets.listByCitizen({ mobile: identity.mobile }, { limit: LOOKUP_LIMIT }) : null,
    identity.nationalId
      ? tickets.listByCitizen({ nationalId: identity.nationalId }, { limit: LOOKUP_LIMIT })
      : null,
  ];
  const found = new Map<string, Ticket>();
  for (const page of await Promise.all(lookups))
    for (const ticket of page?.items ?? []) found.set(ticket.ticketId, ticket);
  return [...found.values()]
    .filter((ticket) => ticket.status !== 'CLOSED')
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt))
    .map(ticketSummary);
}

/** The citizen has open requests and the operator did not say this call is a new matter. */
export class OpenRequestsExistError extends Error {
  readonly openRequests: TicketSummary[];

  constructor(openRequests: TicketSummary[]) {
    super('the citizen has open requests');
    this.openRequests = openRequests;
    this.name = 'OpenRequestsExistError';
  }
}

/**
 * Registers a request an operator takes for a citizen (111 line, counter, visit site, county
 * office). A citizen who already has open requests is answered with them first, so a repeat call
 * is added to its request (recordCitizenContact) instead of opening a duplicate; the operator
 * confirms a new matter with `newMatter`.
 */
export async function registerForCitizen(
  deps: RegisterRequestDeps,
  operator: string,
  request: OperatorRequest,
  idempotencyKey?: string,
): Promise<{ ticket: Ticket; created: boolean }> {
  const { channel, intakePointId: _point, visitId: _visit, newMatter, ...body } = request;
  const intakePoint = operatorIntakePoint(request, operator);
  const scopedKey = idempotencyKey === undefined ? undefined : `${operator}:${idempotencyKey}`;
  if (!newMatter) {
    const open = await openRequestsOf(deps.tickets, {
      mobile: body.citizen.mobile,
      nationalId: body.citizen.nationalId,
    });
    // A retried registration (its key already made a ticket) is the same request, not a repeat call.
    const retried = async () =>
      scopedKey !== undefined && (await deps.tickets.idempotentTicketId(intakePoint.id, scopedKey)) !== null;
    if (open.length > 0 && !(await retried())) throw new OpenRequestsExistError(open);
  }
  return registerRequest(deps, {
    ...body,
    channel,
    intakePoint,
    actor: staffActor(operator),
    idempotencyKey: scopedKey,
  });
}

/**
 * A repeat call or visit about an open request: what the citizen said goes into the request's
 * history as a contact event (by whom, through which channel), and the request goes on as it was.
 */
export async function recordCitizenContact(
  deps: { tickets: Pick<TicketStore, 'getTicket' | 'recordEvent'>; now: () => Date },
  operator: string,
  ticketId: string,
  contact: { channel: OperatorChannel; note: string },
): Promise<Ticket> {
  const ticket = await deps.tickets.getTicket(ticketId);
  if (!ticket) throw new NotFoundError('ticket');
  if (ticket.status === 'CLOSED') throw new RequestClosedError();
  await deps.tickets.recordEvent(
    auditEvent({
      ticketId,
      type: 'CITIZEN_CONTACT',
      at: deps.now(),
      actor: staffActor(operator),
      from: ticket.status,
      to: ticket.status,
      reason: `${contact.channel}: ${contact.note}`,
    }),
  );
  return ticket;
}

export class RequestClosedError extends Error {
  constructor() {
    super('the request is closed');
    this.name = 'RequestClosedError';
  }
}
