import { FeedbackInputSchema, FeedbackNotAllowedError } from '../../shared/domain/feedback.ts';
import { publicStatus } from '../../shared/domain/status.ts';
import { parseTrackingCode } from '../../shared/domain/tracking-code.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { json } from '../../shared/http/responses.ts';
import {
  clock,
  lookupGuard,
  referenceCatalog,
  taskTokens,
  ticketStore,
} from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { FeedbackAlreadyGivenError, giveFeedback } from '../../shared/services/citizen-feedback.ts';

/**
 * POST /api/v1/requests/{trackingCode}/feedback: the citizen rates the result (1–5, once), proven
 * by the mobile's last four digits in the body. An unhappy rating within the window reopens it.
 */
const deps = {
  tickets: await ticketStore(),
  catalog: referenceCatalog(),
  guard: lookupGuard(),
  workflow: taskTokens(),
  now: clock,
};

export const handler = httpHandler(
  async (event) => {
    const input = parseInput(FeedbackInputSchema, event.body);
    const code = parseTrackingCode(event.pathParameters?.trackingCode ?? '');
    const given = code
      ? await giveFeedback(deps, code, input).catch((error: unknown) => {
          if (error instanceof FeedbackNotAllowedError) throw new HttpError(409, 'feedback_not_allowed');
          if (error instanceof FeedbackAlreadyGivenError) throw new HttpError(409, 'feedback_already_given');
          throw error;
        })
      : null;
    if (given === 'locked') throw new HttpError(429, 'tracking_locked');
    if (!given) throw new HttpError(404, 'request_not_found');
    logger.info('citizen feedback', {
      ticketId: given.feedback.ticketId,
      rating: given.feedback.rating,
      reopened: given.feedback.reopened,
    });
    return json(201, {
      trackingCode: code,
      rating: given.feedback.rating,
      reopened: given.feedback.reopened,
      status: publicStatus(given.status),
    });
  },
  { json: true },
);
