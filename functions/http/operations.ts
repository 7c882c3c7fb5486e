import { z } from 'zod';
import {
  QueueNotRedrivableError,
  SqsDeadLetterQueues,
  StepFunctionsExecutions,
} from '../../shared/adapters/operations-aws.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { json } from '../../shared/http/responses.ts';
import { sfn, sqs } from '../../shared/runtime/clients.ts';
import { clock, intakeQueue, ticketStore } from '../../shared/runtime/dependencies.ts';
import { readEnv } from '../../shared/runtime/env.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import {
  findStuck,
  findTicket,
  listFailed,
  type OperationsDeps,
  redriveFailed,
  repairStuck,
} from '../../shared/services/operations.ts';

/**
 * The ops API (/api/v1/ops/…): what `npm run ops` does, for whoever runs Pasokh, behind IAM
 * (SigV4-signed requests from the operations role in AWS; the local cloud's admin credentials
 * locally). One function for the routes: they share the workflow and queue grants.
 */
const env = readEnv(
  z.object({
    STATE_MACHINE_ARN: z.string().min(1),
    DEAD_LETTER_QUEUE_URLS: z.string().min(1),
  }),
);
const executions = new StepFunctionsExecutions(sfn(), env.STATE_MACHINE_ARN);
const deadLetterQueueUrls = env.DEAD_LETTER_QUEUE_URLS.split(',').filter(Boolean);
const queues = new SqsDeadLetterQueues(sqs(), deadLetterQueueUrls);
const deps: OperationsDeps = { tickets: await ticketStore(), executions, intake: intakeQueue(), now: clock };

const ExecutionsQuerySchema = z.strictObject({
  status: z.enum(['RUNNING', 'SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED', 'PENDING_REDRIVE']).optional(),
  ticket: z.string().min(1).max(64).optional(),
});
const ReferenceSchema = z.string().regex(/^[0-9A-Za-z-]{1,64}$/, 'invalid_input');
const NoQuerySchema = z.strictObject({});

export const handler = httpHandler(async (event) => {
  const caller = event.requestContext.identity.userArn ?? 'ops';
  const route = `${event.httpMethod} ${event.resource.replace(/^\/api\/v1\/ops/, '')}`;
  // Only the execution list takes a query, and no action takes a body: anything else is a mistake
  // (or a probe), refused rather than ignored.
  if (route !== 'GET /executions') parseInput(NoQuerySchema, event.queryStringParameters ?? {});
  if (event.body) throw new HttpError(400, 'body_not_expected');
  const executionOf = async (reference: string) => {
    const ticket = await findTicket(deps, parseInput(ReferenceSchema, reference));
    if (!ticket) throw new HttpError(404, 'not_found');
    return executions.arnOf(ticket.ticketId);
  };
  switch (route) {
    case 'GET /executions': {
      const query = parseInput(ExecutionsQuerySchema, event.queryStringParameters ?? {});
      if (query.ticket) {
        const found = await executions.describe(await executionOf(query.ticket));
        return json(200, { items: found ? [found] : [] });
      }
      return json(200, { items: await executions.list(query.status) });
    }
    case 'GET /executions/{reference}/history':
      return json(200, {
        items: await executions.history(await executionOf(event.pathParameters?.reference ?? '')),
      });
    case 'GET /dead-letter-queues':
      return json(200, { items: await queues.list() });
    case 'POST /dead-letter-queues/{queue}/redrive': {
      const name = parseInput(ReferenceSchema, event.pathParameters?.queue ?? '');
      if (!deadLetterQueueUrls.some((url) => url.endsWith(`/${name}`))) throw new HttpError(404, 'not_found');
      // The repair queue is no queue's dead-letter queue: its tickets are redriven with POST /failed/redrive.
      const moved = await queues.redrive(name).catch((error: unknown) => {
        if (error instanceof QueueNotRedrivableError) throw new HttpError(409, 'write_conflict');
        throw error;
      });
      logger.info('dead-letter queue redriven', { queue: name, moving: moved.moving });
      return json(202, { queue: name, ...moved });
    }
    case 'GET /stuck':
      return json(200, { items: await findStuck(deps) });
    case 'POST /stuck/repair': {
      const stuck = await findStuck(deps);
      const repaired = await repairStuck(deps, stuck);
      logger.info('stuck tickets repaired', { found: stuck.length, repaired });
      return json(200, { found: stuck.length, repaired, items: stuck });
    }
    case 'GET /failed':
      return json(200, { items: await listFailed(deps) });
    case 'POST /failed/redrive': {
      const failed = await listFailed(deps);
      for (const item of failed) await redriveFailed(deps, item.ticketId, caller);
      logger.info('failed tickets redriven', { count: failed.length });
      return json(200, { redriven: failed.length, items: failed });
    }
    default:
      throw new HttpError(404, 'route_not_found');
  }
});
