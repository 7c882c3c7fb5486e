import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { clock, ticketStore } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { ActorAuditQuerySchema, actorAudit } from '../../shared/services/audit-trail.ts';

/**
 * GET /api/v1/staff/audit?actor=&actorType=&from=&to=: the audit trail of one staff member or
 * agency, for supervisors and administrators of the province (a county office's supervisor would
 * see other counties' requests in it: refused). A ticket's own trail is its case view's history.
 */
const deps = { tickets: await ticketStore(), now: clock };

export const handler = httpHandler(async (event) => {
  const staff = staffIdentity(event, ['supervisor', 'admin']);
  if (staff.county !== null) throw new HttpError(403, 'forbidden');
  const query = parseInput(ActorAuditQuerySchema, event.queryStringParameters ?? {});
  const page = await actorAudit(deps, query);
  logger.info('audit read', { staff: staff.username, actorType: query.actorType, events: page.items.length });
  return json(200, page);
});
