import { parseTrackingCode } from '../../shared/domain/tracking-code.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { json } from '../../shared/http/responses.ts';
import { clock, lookupGuard, taskTokens, ticketStore } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import {
  CitizenReplySchema,
  NoQuestionPendingError,
  replyAsCitizen,
} from '../../shared/services/citizen-replies.ts';

/**
 * POST /api/v1/requests/{trackingCode}/replies: the citizen answers the agency's question, proven
 * by the mobile's last four digits in the body; the agency's SLA clock starts again.
 */
const deps = { tickets: await ticketStore(), workflow: taskTokens(), guard: lookupGuard(), now: clock };

export const handler = httpHandler(
  async (event) => {
    const input = parseInput(CitizenReplySchema, event.body);
    const code = parseTrackingCode(event.pathParameters?.trackingCode ?? '');
    const ticket = code
      ? await replyAsCitizen(deps, code, input).catch((error: unknown) => {
          if (error instanceof NoQuestionPendingError) throw new HttpError(409, 'no_question_pending');
          throw error;
        })
      : null;
    if (ticket === 'locked') throw new HttpError(429, 'tracking_locked');
    if (!ticket) throw new HttpError(404, 'request_not_found');
    logger.info('citizen replied', { ticketId: ticket.ticketId });
    return json(201, { trackingCode: code, status: 'IN_PROGRESS' });
  },
  { json: true },
);
