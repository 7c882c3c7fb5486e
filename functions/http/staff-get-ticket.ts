import { z } from 'zod';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { clock, scanStore, ticketStore } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { RevealNotAllowedError, readCase } from '../../shared/services/case-view.ts';

/**
 * GET /api/v1/staff/tickets/{ticketId}[?reveal=contact]: the case for staff (history, referrals),
 * named by its id or its tracking code,
 * with the citizen's contact details masked by role; staff who may reveal them ask with
 * `reveal=contact`, and the case's history records who did.
 */
const tickets = await ticketStore();
const documents = scanStore();
const STAFF_WHO_READ_CASES = ['operator', 'reviewer', 'supervisor', 'ops', 'admin'];
const QuerySchema = z.strictObject({ reveal: z.literal('contact').optional() });

export const handler = httpHandler(async (event) => {
  const staff = staffIdentity(event, STAFF_WHO_READ_CASES);
  const query = parseInput(QuerySchema, event.queryStringParameters ?? {});
  const reference = event.pathParameters?.ticketId ?? '';
  const view = await readCase(
    { tickets, now: clock, documents },
    staff,
    reference,
    query.reveal === 'contact',
  ).catch((error: unknown) => {
    if (error instanceof RevealNotAllowedError) throw new HttpError(403, 'forbidden');
    throw error;
  });
  logger.info('staff read a case', {
    ticketId: view.ticket.ticketId,
    staff: staff.username,
    contact: view.contact,
  });
  return json(200, view);
});
