import { parseInput } from '../../shared/domain/validation.ts';
import { WebhookSubscriptionInputSchema } from '../../shared/domain/webhooks.ts';
import { HttpError } from '../../shared/http/http-error.ts';
import { httpHandler } from '../../shared/http/http-handler.ts';
import { authorizedAgencyId, pathId } from '../../shared/http/request.ts';
import { json } from '../../shared/http/responses.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { webhookAdminDependencies } from '../../shared/runtime/webhook-dependencies.ts';
import {
  currentSubscription,
  DeliveriesQuerySchema,
  listDeliveries,
  replayDelivery,
  subscribe,
  unsubscribe,
} from '../../shared/services/agency-webhooks.ts';

/**
 * An agency's webhook (/api/v1/agency/webhook…): register its receiver (PUT, the answer shows
 * the signing secret once), read or remove it, list deliveries by status, replay one.
 */
const deps = await webhookAdminDependencies();

export const handler = httpHandler(
  async (event) => {
    const agencyId = authorizedAgencyId(event);
    switch (`${event.httpMethod} ${event.resource}`) {
      case 'PUT /api/v1/agency/webhook': {
        const subscribed = await subscribe(
          deps,
          agencyId,
          parseInput(WebhookSubscriptionInputSchema, event.body),
        );
        logger.info('webhook registered', { agencyId, subscriptionId: subscribed.subscriptionId });
        return json(200, subscribed);
      }
      case 'GET /api/v1/agency/webhook':
        return json(200, await currentSubscription(deps, agencyId));
      case 'DELETE /api/v1/agency/webhook':
        await unsubscribe(deps, agencyId);
        logger.info('webhook removed', { agencyId });
        return json(200, { removed: true });
      case 'GET /api/v1/agency/webhook/deliveries':
        return json(
          200,
          await listDeliveries(
            deps,
            agencyId,
            parseInput(DeliveriesQuerySchema, event.queryStringParameters ?? {}),
          ),
        );
      case 'POST /api/v1/agency/webhook/deliveries/{deliveryId}/replay': {
        const replayed = await replayDelivery(deps, agencyId, pathId(event, 'deliveryId'));
        logger.info('webhook delivery replayed', { agencyId, deliveryId: replayed.deliveryId });
        return json(202, replayed);
      }
      default:
        throw new HttpError(404, 'not_found');
    }
  },
  { json: true, allowEmpty: true },
);
