import { z } from 'zod';
import { publicStatus } from '../../shared/domain/status.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { pathId, REVIEWER_ROLES, staffIdentity } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { reviewDependencies } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { mergeIntoCluster, removeFromCluster } from '../../shared/services/review.ts';
import { ticketInScope } from '../../shared/services/staff-scope.ts';

/**
 * Duplicate clusters for reviewers: GET /api/v1/staff/clusters/{clusterId} lists its members,
 * POST …/members {"ticketId"} merges a ticket in, DELETE …/members/{ticketId} takes one out.
 */
const deps = await reviewDependencies();
const tickets = deps.tickets;
const MergeSchema = z.strictObject({ ticketId: z.string().min(1).max(64) });

export const handler = httpHandler(
  async (event) => {
    const staff = staffIdentity(event, REVIEWER_ROLES);
    const clusterId = pathId(event, 'clusterId');
    if (event.httpMethod === 'GET') {
      const page = await tickets.listCluster(clusterId, { limit: 200 });
      // A county office sees the members in its county; a cluster with none there is not its to know.
      const members = page.items.filter((t) => staff.county === null || t.county === staff.county);
      if (members.length === 0) throw new HttpError(404, 'not_found');
      return json(200, {
        clusterId,
        members: members.map((t) => ({
          ticketId: t.ticketId,
          trackingCode: t.trackingCode,
          status: t.status,
          publicStatus: publicStatus(t.status),
          county: t.county,
          category: t.category,
          receivedAt: t.receivedAt,
          referralId: t.currentReferralId,
        })),
      });
    }
    if (event.httpMethod === 'POST') {
      const { ticketId } = parseInput(MergeSchema, event.body);
      await ticketInScope(tickets, staff, ticketId);
      const ticket = await mergeIntoCluster(deps, staff.username, clusterId, ticketId);
      logger.info('ticket merged into cluster', { ticketId, clusterId, staff: staff.username });
      return json(200, { ticketId, clusterId, status: ticket.status });
    }
    const ticketId = event.pathParameters?.ticketId ?? '';
    await ticketInScope(tickets, staff, ticketId);
    const ticket = await removeFromCluster(deps, staff.username, clusterId, ticketId);
    logger.info('ticket taken out of cluster', { ticketId, clusterId, staff: staff.username });
    return json(200, { ticketId, clusterId: ticket.clusterId, status: ticket.status });
  },
  { json: true },
);
