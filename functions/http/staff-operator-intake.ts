import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { z } from 'zod';
import { assertInCounty } from '../../shared/domain/errors.ts';
import type { ReferenceCatalog } from '../../shared/domain/reference.ts';
import {
  CitizenLookupSchema,
  operatorRequestSchema,
  RepeatContactSchema,
} from '../../shared/domain/request-input.ts';
import { publicStatus } from '../../shared/domain/status.ts';
import { spokenTrackingCode } from '../../shared/domain/tracking-code.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { header, OPERATOR_ROLES, pathId, staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import {
  clock,
  intakeQueue,
  referenceCatalog,
  taskTokens,
  ticketStore,
  trackingCodes,
} from '../../shared/runtime/dependencies.ts';
import { logger, metrics } from '../../shared/runtime/powertools.ts';
import {
  NoQuestionPendingError,
  RelayedReplySchema,
  relayReply,
} from '../../shared/services/citizen-replies.ts';
import {
  OpenRequestsExistError,
  openRequestsOf,
  RequestClosedError,
  recordCitizenContact,
  registerForCitizen,
} from '../../shared/services/operator-intake.ts';
import { ticketInScope } from '../../shared/services/staff-scope.ts';

/**
 * Operator intake: register a request for a citizen on the 111 line, at the counter, a visit site
 * or a county office (POST /staff/requests); find the citizen's open requests first
 * (POST /staff/citizen-lookups: the numbers travel in the body, never the URL); add a repeat call
 * to an open request (POST /staff/tickets/{ticketId}/contacts); relay the answer of a citizen the
 * agency asked something (POST /staff/tickets/{ticketId}/replies).
 */
const tickets = await ticketStore();
const codes = await trackingCodes();
const catalog = referenceCatalog();
const queue = intakeQueue();
const workflow = taskTokens();

const IdempotencyKeySchema = z.string().regex(/^[\x21-\x7E]{1,128}$/, 'invalid_input');
const schemas = new WeakMap<ReferenceCatalog, ReturnType<typeof operatorRequestSchema>>();

export const handler = httpHandler(
  async (event) => {
    const staff = staffIdentity(event, OPERATOR_ROLES);
    switch (`${event.httpMethod} ${event.resource}`) {
      case 'POST /api/v1/staff/requests': {
        const current = await catalog();
        const schema = schemas.get(current) ?? operatorRequestSchema(current);
        schemas.set(current, schema);
        const body = parseInput(schema, event.body);
        assertInCounty(staff, body.county);
        const rawKey = header(event, 'idempotency-key');
        const key = rawKey === undefined ? undefined : parseInput(IdempotencyKeySchema, rawKey);
        const deps = {
          tickets,
          trackingCodes: codes,
          intakeQueue: queue,
          now: clock,
          onEnqueueFailure: (ticketId: string) => {
            logger.warn('intake hand-off failed; the reconciler will enqueue the ticket', { ticketId });
            metrics.addMetric('IntakeHandOffFailed', MetricUnit.Count, 1);
          },
        };
        const { ticket, created } = await registerForCitizen(deps, staff.username, body, key).catch(
          (error: unknown) => {
            if (error instanceof OpenRequestsExistError)
              throw new HttpError(
                409,
                'citizen_has_open_requests',
                {},
                {
                  openRequests: error.openRequests.filter(
                    (r) => staff.county === null || r.county === staff.county,
                  ),
                },
              );
            throw error;
          },
        );
        if (created) {
          metrics.addMetric('RequestsRegistered', MetricUnit.Count, 1);
          logger.info('request registered by an operator', {
            ticketId: ticket.ticketId,
            channel: ticket.channel,
            staff: staff.username,
          });
        }
        if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
        return json(
          201,
          {
            ticketId: ticket.ticketId,
            trackingCode: ticket.trackingCode,
            trackingCodeSpoken: spokenTrackingCode(ticket.trackingCode),
            status: publicStatus(ticket.status),
            receivedAt: ticket.receivedAt,
          },
          created ? {} : { 'idempotent-replayed': 'true' },
        );
      }
      case 'POST /api/v1/staff/citizen-lookups': {
        const identity = parseInput(CitizenLookupSchema, event.body);
        // A county office sees the citizen's requests in its county.
        const openRequests = (await openRequestsOf(tickets, identity)).filter(
          (r) => staff.county === null || r.county === staff.county,
        );
        logger.info('citizen looked up', { staff: staff.username, found: openRequests.length });
        return json(200, { openRequests });
      }
      case 'POST /api/v1/staff/tickets/{ticketId}/contacts': {
        const ticketId = pathId(event, 'ticketId');
        const contact = parseInput(RepeatContactSchema, event.body);
        await ticketInScope(tickets, staff, ticketId);
        const ticket = await recordCitizenContact(
          { tickets, now: clock },
          staff.username,
          ticketId,
          contact,
        ).catch((error: unknown) => {
          if (error instanceof RequestClosedError) throw new HttpError(409, 'request_closed');
          throw error;
        });
        logger.info('repeat contact recorded', { ticketId, channel: contact.channel, staff: staff.username });
        return json(201, {
          ticketId,
          trackingCode: ticket.trackingCode,
          trackingCodeSpoken: spokenTrackingCode(ticket.trackingCode),
          status: publicStatus(ticket.status),
        });
      }
      case 'POST /api/v1/staff/tickets/{ticketId}/replies': {
        const ticketId = pathId(event, 'ticketId');
        const reply = parseInput(RelayedReplySchema, event.body);
        await ticketInScope(tickets, staff, ticketId);
        const ticket = await relayReply(
          { tickets, workflow, now: clock },
          staff.username,
          ticketId,
          reply,
        ).catch((error: unknown) => {
          if (error instanceof NoQuestionPendingError) throw new HttpError(409, 'no_question_pending');
          throw error;
        });
        if (!ticket) throw new HttpError(404, 'not_found');
        logger.info('reply relayed', { ticketId, channel: reply.channel, staff: staff.username });
        return json(201, { ticketId, trackingCode: ticket.trackingCode, status: 'IN_PROGRESS' });
      }
      default:
        throw new HttpError(404, 'not_found');
    }
  },
  { json: true },
);
