import { z } from 'zod';
import { parseTrackingCode } from '../../shared/domain/tracking-code.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { json } from '../../shared/http/responses.ts';
import { digitsOnly } from '../../shared/persian/digits.ts';
import { lookupGuard, referenceCatalog, ticketStore } from '../../shared/runtime/dependencies.ts';
import { trackRequest } from '../../shared/services/track-request.ts';

/** GET /api/v1/requests/{trackingCode}?mobile=<last 4 digits>: a citizen follows a request. */
const tickets = await ticketStore();
const catalog = referenceCatalog();
const guard = lookupGuard();

const QuerySchema = z.object({
  mobile: z
    .string()
    .max(16)
    .transform((v) => digitsOnly(v))
    .pipe(z.string().regex(/^\d{4}$/, 'invalid_input')),
});

export const handler = httpHandler(async (event) => {
  const { mobile } = parseInput(QuerySchema, event.queryStringParameters ?? {});
  // API Gateway has decoded the path parameter already; decoding again would misread a '%'.
  const code = parseTrackingCode(event.pathParameters?.trackingCode ?? '');
  // A malformed code, an unknown one and wrong digits look alike from outside.
  const view = code ? await trackRequest({ tickets, catalog, guard }, code, mobile) : null;
  if (view === 'locked') throw new HttpError(429, 'tracking_locked');
  if (!view) throw new HttpError(404, 'request_not_found');
  return json(200, view);
});
