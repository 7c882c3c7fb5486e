import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { authorizedAgencyId } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { clock, taskTokens, ticketStore } from '../../shared/runtime/dependencies.ts';
import { acknowledge } from '../../shared/services/agency-referrals.ts';

/** POST /api/v1/agency/referrals/{referralId}/ack: the agency has seen the referral. */
const deps = { tickets: await ticketStore(), workflow: taskTokens(), now: clock };

export const handler = httpHandler(async (event) => {
  const referralId = event.pathParameters?.referralId;
  if (!referralId || referralId.length > 64) throw new HttpError(404, 'not_found');
  return json(200, await acknowledge(deps, authorizedAgencyId(event), referralId));
});
