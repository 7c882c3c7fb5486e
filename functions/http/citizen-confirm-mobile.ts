import { z } from 'zod';
import { parseTrackingCode } from '../../shared/domain/tracking-code.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { json } from '../../shared/http/responses.ts';
import { secretValue } from '../../shared/runtime/clients.ts';
import { clock, ticketStore } from '../../shared/runtime/dependencies.ts';
import { readEnv } from '../../shared/runtime/env.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { isMobileConfirmationToken } from '../../shared/security/mobile-confirmation.ts';
import { confirmMobile, MobileConfirmationSchema } from '../../shared/services/confirm-mobile.ts';

/**
 * POST /api/v1/requests/{trackingCode}/mobile-confirmation with {"token"}: the token of the
 * confirmation SMS, proving that the number OCR read off a letter reaches its writer.
 */
const env = readEnv(z.object({ IDENTITY_HASH_SECRET_ID: z.string().min(1) }));
const key = await secretValue(env.IDENTITY_HASH_SECRET_ID);
const deps = {
  tickets: await ticketStore(),
  isToken: (ticketId: string, mobile: string, token: string) =>
    isMobileConfirmationToken(key, ticketId, mobile, token),
  now: clock,
};

export const handler = httpHandler(
  async (event) => {
    const input = parseInput(MobileConfirmationSchema, event.body);
    const code = parseTrackingCode(event.pathParameters?.trackingCode ?? '');
    const ticket = code ? await confirmMobile(deps, code, input) : null;
    if (!ticket) throw new HttpError(404, 'request_not_found');
    logger.info('mobile confirmed', { ticketId: ticket.ticketId });
    return json(200, { trackingCode: code, mobileConfirmed: true });
  },
  { json: true },
);
