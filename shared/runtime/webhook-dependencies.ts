import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { HttpWebhookSender } from '../adapters/webhook-sender.ts';
import type { WebhookTargetPolicy } from '../domain/webhooks.ts';
import { webhookSecret } from '../security/webhook-signing.ts';
import {
  subscribedAgencies,
  type WebhookAdminDeps,
  type WebhookDeliveryDeps,
  type WebhookQueue,
} from '../services/agency-webhooks.ts';
import { DynamoDbWebhookStore } from '../store/dynamodb/dynamodb-webhook-store.ts';
import { dynamoDocumentClient, secretValue, sqs } from './clients.ts';
import { clock, ticketStore } from './dependencies.ts';
import { readEnv } from './env.ts';

/** Wiring of agencies' webhooks: the routes that manage them, the router and the deliverer. */

const WebhookEnv = z.object({
  TABLE_NAME: z.string().min(1),
  IDENTITY_HASH_SECRET_ID: z.string().min(1),
  WEBHOOK_QUEUE_URL: z.string().min(1),
  /** Set only by the local cloud: receivers on this machine over plain HTTP. */
  PASOKH_WEBHOOK_LOOPBACK: z.enum(['allowed']).optional(),
});

/** Where webhook deliveries are queued: the router's first attempts, retries with a delay. */
export function webhookQueue(): WebhookQueue {
  const env = readEnv(z.object({ WEBHOOK_QUEUE_URL: z.string().min(1) }));
  return {
    enqueue: async (message, delaySeconds) => {
      await sqs().send(
        new SendMessageCommand({
          QueueUrl: env.WEBHOOK_QUEUE_URL,
          MessageBody: JSON.stringify(message),
          ...(delaySeconds ? { DelaySeconds: delaySeconds } : {}),
        }),
      );
    },
  };
}

/** For the router: whether an agency has a receiver (cached), and where its deliveries go. */
export function webhookRouting() {
  const env = readEnv(
    z.object({
      TABLE_NAME: z.string().min(1),
      WEBHOOK_SUBSCRIPTIONS_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    }),
  );
  const store = new DynamoDbWebhookStore({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME });
  return {
    subscribed: subscribedAgencies(store, env.WEBHOOK_SUBSCRIPTIONS_CACHE_SECONDS * 1000),
    queue: webhookQueue(),
  };
}

export async function webhookAdminDependencies(): Promise<WebhookAdminDeps> {
  const env = readEnv(WebhookEnv);
  const key = await secretValue(env.IDENTITY_HASH_SECRET_ID);
  const policy: WebhookTargetPolicy = { allowLoopback: env.PASOKH_WEBHOOK_LOOPBACK === 'allowed' };
  return {
    webhooks: new DynamoDbWebhookStore({ client: dynamoDocumentClient(), tableName: env.TABLE_NAME }),
    queue: webhookQueue(),
    policy,
    secretFor: (agencyId, subscriptionId) => webhookSecret(key, agencyId, subscriptionId),
    now: clock,
  };
}

export async function webhookDeliveryDependencies(): Promise<WebhookDeliveryDeps> {
  const admin = await webhookAdminDependencies();
  return { ...admin, tickets: await ticketStore(), sender: new HttpWebhookSender(admin.policy) };
}
