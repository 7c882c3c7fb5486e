import { parseInput } from '../../shared/domain/validation.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { pathId, REVIEWER_ROLES, staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { reviewDependencies } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { ClassificationDecisionSchema, decideClassification } from '../../shared/services/review.ts';
import { ticketInScope } from '../../shared/services/staff-scope.ts';

/**
 * POST /api/v1/staff/tickets/{ticketId}/classification: a reviewer classifies a ticket the
 * classifier was unsure of, closes it, or re-routes a referred one.
 */
const deps = await reviewDependencies();

export const handler = httpHandler(
  async (event) => {
    const staff = staffIdentity(event, REVIEWER_ROLES);
    const ticketId = pathId(event, 'ticketId');
    const decision = parseInput(ClassificationDecisionSchema, event.body);
    await ticketInScope(deps.tickets, staff, ticketId);
    const ticket = await decideClassification(deps, staff.username, ticketId, decision);
    logger.info('reviewer decision', { ticketId, staff: staff.username, decision: decision.decision });
    return json(200, {
      ticketId,
      status: ticket.status,
      category: ticket.category,
      agencyId: ticket.agencyId,
    });
  },
  { json: true },
);
