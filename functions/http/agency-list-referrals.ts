import { parseInput } from '../../shared/domain/validation.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { authorizedAgencyId, header } from '../../shared/http/request.ts';
import { json, revalidated } from '../../shared/http/responses.ts';
import { clock, taskTokens, ticketStore } from '../../shared/runtime/dependencies.ts';
import { InboxQuerySchema, listChanges, listInbox } from '../../shared/services/agency-referrals.ts';

/**
 * GET /api/v1/agency/referrals?status=&cursor=&limit=: the calling agency's referrals, earliest
 * due first; with `?since=`, only what changed since the last poll. Both carry an ETag.
 */
const deps = { tickets: await ticketStore(), workflow: taskTokens(), now: clock };

export const handler = httpHandler(async (event) => {
  const query = parseInput(InboxQuerySchema, event.queryStringParameters ?? {});
  const agencyId = authorizedAgencyId(event);
  const body =
    query.since === undefined
      ? await listInbox(deps, agencyId, query)
      : await listChanges(deps, agencyId, query.since, query.limit);
  return revalidated(header(event, 'if-none-match'), json(200, body));
});
