import { parseInput } from '../../shared/domain/validation.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { authorizedAgencyId } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { clock, taskTokens, ticketStore } from '../../shared/runtime/dependencies.ts';
import { InboxQuerySchema, listInbox } from '../../shared/services/agency-referrals.ts';

/** GET /api/v1/agency/referrals?status=&cursor=&limit=: the calling agency's referrals, earliest due first. */
const deps = { tickets: await ticketStore(), workflow: taskTokens(), now: clock };

export const handler = httpHandler(async (event) => {
  const query = parseInput(InboxQuerySchema, event.queryStringParameters ?? {});
  return json(200, await listInbox(deps, authorizedAgencyId(event), query));
});
