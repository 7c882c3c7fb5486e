import { publicStatus } from '../../shared/domain/status.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { ticketStore } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';

/**
 * GET /api/v1/staff/tickets/{ticketId}: the whole case for staff (contact details, history,
 * referrals). Every read of personal data is logged with who read it, not what was read.
 */
const tickets = await ticketStore();
const STAFF_WHO_READ_CASES = ['operator', 'reviewer', 'supervisor', 'ops', 'admin'];

export const handler = httpHandler(async (event) => {
  const staff = staffIdentity(event, STAFF_WHO_READ_CASES);
  const ticketId = event.pathParameters?.ticketId ?? '';
  const ticket = ticketId.length <= 64 ? await tickets.getTicket(ticketId) : null;
  if (!ticket) throw new HttpError(404, 'not_found');
  const [events, referrals] = await Promise.all([
    tickets.listEvents(ticketId),
    tickets.listReferralsOfTicket(ticketId),
  ]);
  logger.info('staff read a case', { ticketId, staff: staff.username });
  return json(200, { ticket: { ...ticket, publicStatus: publicStatus(ticket.status) }, events, referrals });
});
