import { z } from 'zod';
import { auditEvent, staffActor } from '../domain/audit.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Referral } from '../domain/referral.ts';
import { URGENCIES } from '../domain/sla.ts';
import {
  CLAIM_LEASE_MS,
  isTaskOf,
  mayWork,
  TASK_STATUS,
  TASK_TYPES,
  type TaskClaim,
  type TaskType,
  type TaskView,
  taskIdOf,
  taskView,
} from '../domain/tasks.ts';
import type { Ticket } from '../domain/ticket.ts';
import { parseInput } from '../domain/validation.ts';
import type { TaskClaims } from '../store/task-claims.ts';
import type { Page } from '../store/ticket-store.ts';
import { RelayedReplySchema, type ReplyDeps, relayReply } from './citizen-replies.ts';
import { completeTranscription, TranscriptionSchema } from './digitize.ts';
import { ClassificationDecisionSchema, decideClassification, type ReviewDeps } from './review.ts';

export const TaskListQuerySchema = z.strictObject({
  type: z.enum(TASK_TYPES),
  county: z
    .string()
    .regex(/^[A-Z][A-Z_]{1,29}$/, 'unknown_county')
    .optional(),
  urgency: z.enum(URGENCIES).optional(),
  /** Only tasks waiting at least this long. */
  olderThanHours: z.coerce.number().int().min(0).max(100_000).optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type TaskListQuery = z.output<typeof TaskListQuerySchema>;

export interface TaskQueueDeps extends ReviewDeps {
  claims: TaskClaims;
}

/** Someone else holds the task, or the caller does not (completing, releasing). */
export class TaskHeldError extends Error {
  readonly holder: string | null;

  constructor(holder: string | null) {
    super(holder ? 'the task is claimed by someone else' : 'the task is not claimed by you');
    this.name = 'TaskHeldError';
    this.holder = holder;
  }
}

/** The role may not work this type of task. */
export class TaskNotYoursError extends Error {
  constructor() {
    super('this role does not work this type of task');
    this.name = 'TaskNotYoursError';
  }
}

type Found = { ticket: Ticket; referral?: Pick<Referral, 'dueAt' | 'escalationLevel' | 'escalatedAt'> };

/** One page of a type's waiting tickets, narrowed by the query's filters (no claims read). */
async function findTasks(
  deps: Pick<TaskQueueDeps, 'tickets' | 'catalog' | 'now'>,
  query: TaskListQuery,
): Promise<{ found: Found[]; nextCursor: string | null }> {
  const now = deps.now();
  const keep = ({ ticket, referral }: Found) => {
    const since = referral ? (referral.escalatedAt ?? referral.dueAt) : ticket.statusChangedAt;
    return (
      (query.county === undefined || ticket.county === query.county) &&
      (query.urgency === undefined || ticket.urgency === query.urgency) &&
      (query.olderThanHours === undefined ||
        now.getTime() - Date.parse(since) >= query.olderThanHours * 3_600_000)
    );
  };
  if (query.type === 'ESCALATION') {
    const catalog = await deps.catalog();
    const pages = await Promise.all(
      catalog.data.agencies.map((a) => deps.tickets.listOpenReferrals(a.id, now, { limit: 200 })),
    );
    const escalated = pages
      .flatMap((p) => p.items)
      .filter((r) => r.escalationLevel > 0)
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const tickets = new Map(
      (await deps.tickets.getTickets([...new Set(escalated.map((r) => r.ticketId))])).map((t) => [
        t.ticketId,
        t,
      ]),
    );
    const found = escalated.flatMap((referral) => {
      const ticket = tickets.get(referral.ticketId);
      return ticket && ticket.currentReferralId === referral.referralId ? [{ ticket, referral }] : [];
    });
    return { found: found.filter(keep).slice(0, query.limit), nextCursor: null };
  }
  const page = await deps.tickets.listByStatus(TASK_STATUS[query.type], {
    cursor: query.cursor ?? null,
    limit: query.limit,
  });
  const found = page.items.filter((t) => isTaskOf(query.type, t)).map((ticket) => ({ ticket }));
  return { found: found.filter(keep), nextCursor: page.nextCursor };
}

/**
 * One page of a type's tasks, longest waiting first, narrowed by county, urgency and age, each
 * with who holds it. Escalations are the open referrals past their due date that were escalated.
 */
export async function listTasks(
  deps: Pick<TaskQueueDeps, 'tickets' | 'claims' | 'catalog' | 'now'>,
  query: TaskListQuery,
): Promise<Page<TaskView>> {
  const now = deps.now();
  const { found, nextCursor } = await findTasks(deps, query);
  const claims = await deps.claims.get(found.map(({ ticket }) => taskIdOf(query.type, ticket.ticketId)));
  const { escalationTaskHours } = (await deps.catalog()).data.policy;
  return {
    items: found.map(({ ticket, referral }) =>
      taskView(
        query.type,
        ticket,
        now,
        claims.get(taskIdOf(query.type, ticket.ticketId)) ?? null,
        referral,
        escalationTaskHours,
      ),
    ),
    nextCursor,
  };
}

/** How many tasks of each type wait (up to `cap` each), optionally in one county. */
export async function countTasks(
  deps: Pick<TaskQueueDeps, 'tickets' | 'catalog' | 'now'>,
  filter: { county?: string | undefined },
  cap = 1000,
): Promise<Record<TaskType, number>> {
  const counts = {} as Record<TaskType, number>;
  for (const type of TASK_TYPES) {
    let count = 0;
    let cursor: string | undefined;
    do {
      const page = await findTasks(deps, {
        type,
        limit: 100,
        ...(filter.county ? { county: filter.county } : {}),
        ...(cursor ? { cursor } : {}),
      });
      count += page.found.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor && count < cap);
    counts[type] = Math.min(count, cap);
  }
  return counts;
}

/** The task as it stands now, or NotFoundError when its ticket no longer waits for it. */
async function currentTask(deps: Pick<TaskQueueDeps, 'tickets'>, type: TaskType, ticketId: string) {
  const ticket = await deps.tickets.getTicket(ticketId);
  if (!ticket || !isTaskOf(type, ticket)) throw new NotFoundError('task');
  if (type === 'ESCALATION') {
    const referral = await deps.tickets.getReferral(String(ticket.currentReferralId));
    if (!referral || referral.escalationLevel === 0 || referral.closedAt !== null)
      throw new NotFoundError('task');
  }
  return ticket;
}

export async function claimTask(
  deps: Pick<TaskQueueDeps, 'tickets' | 'claims' | 'now'>,
  staff: { username: string; groups: readonly string[] },
  task: { type: TaskType; ticketId: string },
): Promise<TaskClaim> {
  if (!mayWork(staff.groups, task.type)) throw new TaskNotYoursError();
  await currentTask(deps, task.type, task.ticketId);
  const taskId = taskIdOf(task.type, task.ticketId);
  const claim = await deps.claims.claim(taskId, staff.username, deps.now(), CLAIM_LEASE_MS);
  if (claim) return claim;
  const holder = (await deps.claims.get([taskId])).get(taskId);
  throw new TaskHeldError(holder?.claimedBy ?? null);
}

export async function releaseTask(
  deps: Pick<TaskQueueDeps, 'claims'>,
  staff: { username: string },
  task: { type: TaskType; ticketId: string },
): Promise<void> {
  if (!(await deps.claims.release(taskIdOf(task.type, task.ticketId), staff.username)))
    throw new TaskHeldError(null);
}

/**
 * Completes a task the caller holds, with the decision its type takes: a classification (or a
 * re-route), a transcription, the citizen's relayed answer, or a supervisor's note on an
 * escalation. A repair is done by the ops redrive, which the queue only shows. The claim is given
 * back once the decision is stored; a late or repeated completion finds no task (404) and changes
 * nothing.
 */
export async function completeTask(
  deps: TaskQueueDeps & Pick<ReplyDeps, 'workflow'>,
  staff: { username: string; groups: readonly string[] },
  task: { type: TaskType; ticketId: string },
  body: unknown,
): Promise<Ticket> {
  if (!mayWork(staff.groups, task.type)) throw new TaskNotYoursError();
  const taskId = taskIdOf(task.type, task.ticketId);
  const holder = (await deps.claims.get([taskId])).get(taskId);
  const now = deps.now();
  if (!holder || holder.claimedBy !== staff.username || Date.parse(holder.leaseUntil) <= now.getTime())
    throw new TaskHeldError(
      holder && Date.parse(holder.leaseUntil) > now.getTime() ? holder.claimedBy : null,
    );
  const ticket = await currentTask(deps, task.type, task.ticketId);
  let done: Ticket;
  switch (task.type) {
    case 'CLASSIFICATION_REVIEW':
    case 'NOT_RESPONSIBLE_REROUTE':
      done = await decideClassification(
        deps,
        staff.username,
        ticket.ticketId,
        parseInput(ClassificationDecisionSchema, body),
      );
      break;
    case 'TRANSCRIPTION_REVIEW':
      done = await completeTranscription(
        deps,
        staff.username,
        ticket.ticketId,
        parseInput(TranscriptionSchema, body),
      );
      break;
    case 'NEEDS_INFO_RELAY':
      done =
        (await relayReply(deps, staff.username, ticket.ticketId, parseInput(RelayedReplySchema, body))) ??
        ticket;
      break;
    case 'ESCALATION': {
      const { note } = parseInput(EscalationNoteSchema, body);
      await deps.tickets.recordEvent(
        auditEvent({
          ticketId: ticket.ticketId,
          type: 'NOTE',
          at: now,
          actor: staffActor(staff.username),
          from: ticket.status,
          to: ticket.status,
          reason: `escalation handled: ${note}`,
        }),
      );
      done = ticket;
      break;
    }
    case 'REPAIR':
      throw new RepairThroughOpsError();
  }
  await deps.claims.release(taskId, staff.username);
  return done;
}

const EscalationNoteSchema = z.strictObject({ note: z.string().trim().min(1, 'blank_text').max(1000) });

export class RepairThroughOpsError extends Error {
  constructor() {
    super('a failed workflow is repaired by the ops redrive');
    this.name = 'RepairThroughOpsError';
  }
}
