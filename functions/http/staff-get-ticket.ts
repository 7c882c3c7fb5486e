import { z } from 'zod';
import { auditEvent, staffActor } from '../../shared/domain/audit.ts';
import { contactViewFor, maskedText, maskedTicket } from '../../shared/domain/contact-masking.ts';
import { publicStatus } from '../../shared/domain/status.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { clock, ticketStore } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';

/**
 * GET /api/v1/staff/tickets/{ticketId}[?reveal=contact]: the case for staff (history, referrals)
 * with the citizen's contact details masked by role (shared/domain/contact-masking.ts); staff
 * who may reveal them ask with `reveal=contact`, and the case's history records who did.
 */
const tickets = await ticketStore();
const STAFF_WHO_READ_CASES = ['operator', 'reviewer', 'supervisor', 'ops', 'admin'];
const QuerySchema = z.strictObject({ reveal: z.literal('contact').optional() });

export const handler = httpHandler(async (event) => {
  const staff = staffIdentity(event, STAFF_WHO_READ_CASES);
  const query = parseInput(QuerySchema, event.queryStringParameters ?? {});
  const ticketId = event.pathParameters?.ticketId ?? '';
  const ticket = ticketId.length <= 64 ? await tickets.getTicket(ticketId) : null;
  if (!ticket) throw new HttpError(404, 'not_found');
  const view = contactViewFor(staff.groups, query.reveal === 'contact');
  if (query.reveal === 'contact' && view !== 'revealed') throw new HttpError(403, 'forbidden');
  if (view === 'revealed') {
    await tickets.recordEvent(
      auditEvent({
        ticketId,
        type: 'CONTACT_REVEALED',
        at: clock(),
        actor: staffActor(staff.username),
        from: ticket.status,
        to: ticket.status,
        reason: 'contact details revealed on the case',
      }),
    );
  }
  const [events, referrals] = await Promise.all([
    tickets.listEvents(ticketId),
    tickets.listReferralsOfTicket(ticketId),
  ]);
  logger.info('staff read a case', { ticketId, staff: staff.username, contact: view });
  return json(200, {
    ticket: { ...maskedTicket(ticket, view), publicStatus: publicStatus(ticket.status) },
    contact: view,
    events,
    referrals: referrals.map((r) => ({ ...r, text: maskedText(r.text, view) })),
  });
});
