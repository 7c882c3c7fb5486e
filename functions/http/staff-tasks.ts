import { z } from 'zod';
import { countyInputSchema } from '../../shared/domain/reference.ts';
import { mayWork, parseTaskId, TASK_TYPES } from '../../shared/domain/tasks.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { dynamoDocumentClient } from '../../shared/runtime/clients.ts';
import { reviewDependencies } from '../../shared/runtime/dependencies.ts';
import { readEnv } from '../../shared/runtime/env.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { scopedCounty, ticketInScope } from '../../shared/services/staff-scope.ts';
import {
  claimTask,
  completeTask,
  countTasks,
  listTasks,
  RepairThroughOpsError,
  releaseTask,
  TaskHeldError,
  TaskListQuerySchema,
  TaskNotYoursError,
} from '../../shared/services/task-queue.ts';
import { DynamoDbTaskClaims } from '../../shared/store/dynamodb/dynamodb-task-claims.ts';

/**
 * The human task queue (/api/v1/staff/tasks…): list a type's tasks with who holds each, counts per
 * type, claim (a lease), release, and complete with the type's decision.
 */
const env = readEnv(z.object({ TABLE_NAME: z.string().min(1) }));
const deps = {
  ...(await reviewDependencies()),
  claims: new DynamoDbTaskClaims({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME }),
};
const STAFF_WHO_WORK_TASKS = ['operator', 'reviewer', 'supervisor', 'admin'];
const CountsQuerySchema = z.strictObject({ county: z.string().max(60).optional() });

function taskOf(taskId: string | undefined) {
  const task = parseTaskId(taskId ?? '');
  if (!task) throw new HttpError(404, 'not_found');
  return task;
}

export const handler = httpHandler(
  async (event) => {
    const staff = staffIdentity(event, STAFF_WHO_WORK_TASKS);
    const catalog = await deps.catalog();
    try {
      switch (`${event.httpMethod} ${event.resource}`) {
        case 'GET /api/v1/staff/tasks': {
          const query = parseInput(
            TaskListQuerySchema.extend({ county: countyInputSchema(catalog).optional() }),
            event.queryStringParameters ?? {},
          );
          if (!mayWork(staff.groups, query.type)) throw new TaskNotYoursError();
          const county = scopedCounty(staff, query.county);
          return json(200, await listTasks(deps, { ...query, ...(county ? { county } : {}) }));
        }
        case 'GET /api/v1/staff/tasks/counts': {
          const query = parseInput(
            CountsQuerySchema.extend({ county: countyInputSchema(catalog).optional() }),
            event.queryStringParameters ?? {},
          );
          const counts = await countTasks(deps, { county: scopedCounty(staff, query.county) });
          const mine = Object.fromEntries(
            TASK_TYPES.filter((t) => mayWork(staff.groups, t)).map((t) => [t, counts[t]]),
          );
          return json(200, { counts: mine });
        }
        case 'POST /api/v1/staff/tasks/{taskId}/claim': {
          const task = taskOf(event.pathParameters?.taskId);
          await ticketInScope(deps.tickets, staff, task.ticketId);
          const claim = await claimTask(deps, staff, task);
          logger.info('task claimed', { taskId: claim.taskId, staff: staff.username });
          return json(200, { claim });
        }
        case 'DELETE /api/v1/staff/tasks/{taskId}/claim': {
          const task = taskOf(event.pathParameters?.taskId);
          await releaseTask(deps, staff, task);
          logger.info('task released', { type: task.type, ticketId: task.ticketId, staff: staff.username });
          return json(200, { released: true });
        }
        case 'POST /api/v1/staff/tasks/{taskId}/completion': {
          const task = taskOf(event.pathParameters?.taskId);
          await ticketInScope(deps.tickets, staff, task.ticketId);
          const ticket = await completeTask(deps, staff, task, event.body);
          logger.info('task completed', { type: task.type, ticketId: task.ticketId, staff: staff.username });
          return json(200, { ticketId: ticket.ticketId, status: ticket.status });
        }
        default:
          throw new HttpError(404, 'not_found');
      }
    } catch (error) {
      if (error instanceof TaskNotYoursError) throw new HttpError(403, 'forbidden');
      if (error instanceof TaskHeldError)
        throw error.holder
          ? new HttpError(409, 'task_claimed', {}, { claimedBy: error.holder })
          : new HttpError(409, 'task_not_held');
      if (error instanceof RepairThroughOpsError) throw new HttpError(409, 'repair_through_ops');
      throw error;
    }
  },
  { json: true, allowEmpty: true },
);
