import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { citizenActor } from '../../shared/domain/audit.ts';
import type { ReferenceCatalog } from '../../shared/domain/reference.ts';
import { submitRequestSchema } from '../../shared/domain/request-input.ts';
import { publicStatus } from '../../shared/domain/status.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { header } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import {
  clock,
  intakeQueue,
  referenceCatalog,
  ticketStore,
  trackingCodes,
} from '../../shared/runtime/dependencies.ts';
import { logger, metrics } from '../../shared/runtime/powertools.ts';
import { registerRequest } from '../../shared/services/register-request.ts';

/** POST /api/v1/requests: a citizen's request from the web form (SPEC §5). */
const tickets = await ticketStore();
const codes = await trackingCodes();
const catalog = referenceCatalog();
const queue = intakeQueue();

const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7E]{1,128}$/, 'invalid_input');
const schemas = new WeakMap<ReferenceCatalog, ReturnType<typeof submitRequestSchema>>();

export const handler = httpHandler(
  async (event) => {
    const current = await catalog();
    const schema = schemas.get(current) ?? submitRequestSchema(current);
    schemas.set(current, schema);
    const body = parseInput(schema, event.body);
    const rawKey = header(event, 'idempotency-key');
    const idempotencyKey = rawKey === undefined ? undefined : parseInput(IdempotencyKeySchema, rawKey);
    const { ticket, created } = await registerRequest(
      {
        tickets,
        trackingCodes: codes,
        intakeQueue: queue,
        now: clock,
        onEnqueueFailure: (ticketId, error) => {
          logger.warn('intake hand-off failed; the reconciler will enqueue the ticket', {
            ticketId,
            errorName: error instanceof Error ? error.name : 'unknown',
          });
          metrics.addMetric('IntakeHandOffFailed', MetricUnit.Count, 1);
        },
      },
      {
        ...body,
        channel: 'WEB',
        intakePoint: { kind: 'WEB', id: 'web' },
        actor: citizenActor(),
        idempotencyKey,
      },
    );
    if (created) {
      metrics.addMetric('RequestsRegistered', MetricUnit.Count, 1);
      logger.info('request registered', { ticketId: ticket.ticketId, county: ticket.county });
    }
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    return json(
      201,
      {
        trackingCode: ticket.trackingCode,
        status: publicStatus(ticket.status),
        receivedAt: ticket.receivedAt,
      },
      created ? {} : { 'idempotent-replayed': 'true' },
    );
  },
  { json: true },
);
