import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { reviewDependencies } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { ClassificationDecisionSchema, decideClassification } from '../../shared/services/review.ts';

/**
 * POST /api/v1/staff/tickets/{ticketId}/classification: a reviewer classifies a ticket the
 * classifier was unsure of, closes it, or re-routes a referred one.
 */
const deps = await reviewDependencies();
const REVIEWERS = ['reviewer', 'supervisor', 'admin'];

export const handler = httpHandler(
  async (event) => {
    const staff = staffIdentity(event, REVIEWERS);
    const ticketId = event.pathParameters?.ticketId ?? '';
    if (ticketId.length === 0 || ticketId.length > 64) throw new HttpError(404, 'not_found');
    const decision = parseInput(ClassificationDecisionSchema, event.body);
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
