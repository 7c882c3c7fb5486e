import type { IntakeQueue } from '../adapters/intake-queue.ts';
import { systemActor } from '../domain/audit.ts';
import type { TicketStatus } from '../domain/status.ts';
import { changeStatus, type Ticket } from '../domain/ticket.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import { intakeMessage } from './register-request.ts';

/**
 * What whoever runs Pasokh does with the workflow (`npm run ops`, SPEC §5): find executions by
 * ticket, read their history, empty dead-letter queues back into their queues, find tickets whose
 * stored state and workflow disagree and repair them, and redrive tickets parked as FAILED.
 */
export interface ExecutionSummary {
  executionArn: string;
  name: string;
  status: string;
  startDate: string;
  stopDate: string | null;
}

export interface WorkflowExecutions {
  /** The ticket's execution: its name is the ticket id. */
  arnOf(ticketId: string): string;
  list(status?: string): Promise<ExecutionSummary[]>;
  describe(
    executionArn: string,
  ): Promise<(ExecutionSummary & { redriveCount: number; error: string; cause: string }) | null>;
  history(
    executionArn: string,
  ): Promise<Array<{ id: number; timestamp: string; type: string; detail: string }>>;
  redrive(executionArn: string): Promise<void>;
}

export interface DeadLetterQueues {
  list(): Promise<Array<{ name: string; url: string; messages: number }>>;
  /** Moves every message of a dead-letter queue back to the queue it came from. */
  redrive(name: string): Promise<{ moving: number }>;
}

export interface OperationsDeps {
  tickets: Pick<
    TicketStore,
    'getTicket' | 'getTicketByTrackingCode' | 'listByStatus' | 'listEvents' | 'saveTicketChange'
  >;
  executions: WorkflowExecutions;
  intake: IntakeQueue;
  now: () => Date;
}

/** Statuses in which a ticket's workflow must be running (waiting for OCR, a person or an agency). */
const LIVE_STATUSES: readonly TicketStatus[] = [
  'RECEIVED',
  'DIGITIZING',
  'TRANSCRIPTION_REVIEW',
  'DIGITIZED',
  'CLASSIFICATION_REVIEW',
  'REFERRED',
  'IN_PROGRESS',
  'AWAITING_CITIZEN',
];
/** A RECEIVED ticket younger than this may simply not have reached the workflow yet. */
const RECEIVED_GRACE_MS = 5 * 60_000;

/** A ticket by id or tracking code. */
export async function findTicket(
  deps: Pick<OperationsDeps, 'tickets'>,
  idOrCode: string,
): Promise<Ticket | null> {
  return /^\d{11}$/.test(idOrCode.replace(/\D/g, '')) && !/[A-Z]/i.test(idOrCode)
    ? deps.tickets.getTicketByTrackingCode(idOrCode.replace(/\D/g, ''))
    : deps.tickets.getTicket(idOrCode);
}

async function* ticketsIn(deps: Pick<OperationsDeps, 'tickets'>, status: TicketStatus, max: number) {
  let cursor: string | null = null;
  let seen = 0;
  do {
    const page = await deps.tickets.listByStatus(status, { cursor, limit: 100 });
    for (const ticket of page.items) {
      if (seen++ >= max) return;
      yield ticket;
    }
    cursor = page.nextCursor;
  } while (cursor);
}

export interface StuckTicket {
  ticketId: string;
  trackingCode: string;
  status: TicketStatus;
  execution: string | null;
  /** What repairing does: start the missing workflow, redrive the ended one, or leave it to a person. */
  repair: 'start' | 'redrive' | 'person';
}

/** Tickets waiting in a status whose workflow is missing or no longer running. */
export async function findStuck(
  deps: OperationsDeps,
  options: { max?: number } = {},
): Promise<StuckTicket[]> {
  const stuck: StuckTicket[] = [];
  const now = deps.now().getTime();
  for (const status of LIVE_STATUSES) {
    for await (const ticket of ticketsIn(deps, status, options.max ?? 5000)) {
      if (status === 'RECEIVED' && now - Date.parse(ticket.statusChangedAt) < RECEIVED_GRACE_MS) continue;
      const execution = await deps.executions.describe(deps.executions.arnOf(ticket.ticketId));
      if (execution?.status === 'RUNNING') continue;
      stuck.push({
        ticketId: ticket.ticketId,
        trackingCode: ticket.trackingCode,
        status,
        execution: execution?.status ?? null,
        repair: !execution ? 'start' : execution.status === 'SUCCEEDED' ? 'person' : 'redrive',
      });
    }
  }
  return stuck;
}

export async function repairStuck(deps: OperationsDeps, stuck: readonly StuckTicket[]): Promise<number> {
  let repaired = 0;
  for (const item of stuck) {
    if (item.repair === 'person') continue;
    if (item.repair === 'start') {
      const ticket = await deps.tickets.getTicket(item.ticketId);
      if (ticket) await deps.intake.enqueue(intakeMessage(ticket));
    } else {
      await deps.executions.redrive(deps.executions.arnOf(item.ticketId));
    }
    repaired++;
  }
  return repaired;
}

/** Tickets parked FAILED after every automatic redrive, with why their workflow stopped. */
export async function listFailed(deps: OperationsDeps, options: { max?: number } = {}) {
  const failed: Array<{
    ticketId: string;
    trackingCode: string;
    since: string;
    execution: string | null;
    error: string;
  }> = [];
  for await (const ticket of ticketsIn(deps, 'FAILED', options.max ?? 5000)) {
    const execution = await deps.executions.describe(deps.executions.arnOf(ticket.ticketId));
    failed.push({
      ticketId: ticket.ticketId,
      trackingCode: ticket.trackingCode,
      since: ticket.statusChangedAt,
      execution: execution?.status ?? null,
      error: execution?.error ?? '',
    });
  }
  return failed;
}

/**
 * Puts a parked ticket back where it was before it failed and redrives its workflow from the
 * step that failed (after the fault was fixed).
 */
export async function redriveFailed(deps: OperationsDeps, ticketId: string, operator: string): Promise<void> {
  const ticket = await deps.tickets.getTicket(ticketId);
  if (ticket?.status !== 'FAILED') throw new Error(`ticket ${ticketId} is not FAILED`);
  const parked = (await deps.tickets.listEvents(ticketId)).findLast((e) => e.to === 'FAILED');
  const back = parked?.from && parked.from !== 'FAILED' ? parked.from : 'RECEIVED';
  await deps.tickets.saveTicketChange(
    changeStatus(ticket, {
      to: back,
      actor: { ...systemActor('ops'), id: `ops:${operator}` },
      reason: `redriven by operations (${operator})`,
      now: deps.now(),
    }),
  );
  await deps.executions.redrive(deps.executions.arnOf(ticketId));
}
