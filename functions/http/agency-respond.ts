import { ResponseUploadsSchema } from '../../shared/domain/response-attachments.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { authorizedAgencyId } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { clock, scanStore, taskTokens, ticketStore } from '../../shared/runtime/dependencies.ts';
import { AgencyResponseSchema, respond, responseUploads } from '../../shared/services/agency-referrals.ts';

/**
 * POST /api/v1/agency/referrals/{referralId}/responses: progress, a result, or "not ours", with
 * documents attached; POST …/attachments: where to upload those documents first.
 */
const deps = { tickets: await ticketStore(), workflow: taskTokens(), now: clock, scans: scanStore() };

export const handler = httpHandler(
  async (event) => {
    const referralId = event.pathParameters?.referralId;
    if (!referralId || referralId.length > 64) throw new HttpError(404, 'not_found');
    const agencyId = authorizedAgencyId(event);
    if (event.resource.endsWith('/attachments')) {
      return json(
        201,
        await responseUploads(deps, agencyId, referralId, parseInput(ResponseUploadsSchema, event.body)),
      );
    }
    const response = parseInput(AgencyResponseSchema, event.body);
    return json(200, await respond(deps, agencyId, referralId, response));
  },
  { json: true },
);
