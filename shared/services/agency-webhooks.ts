import { ulid } from 'ulid';
import { z } from 'zod';
import type { WebhookMessage } from '../../events/contracts.ts';
import type { WebhookSender } from '../adapters/webhook-sender.ts';
import { NotFoundError } from '../domain/errors.ts';
import type { Referral } from '../domain/referral.ts';
import {
  checkWebhookUrl,
  deliveryIdOf,
  eventTypeOf,
  mayRetry,
  retryDelaySeconds,
  WEBHOOK_TIMEOUT_MS,
  type WebhookDelivery,
  WebhookDeliveryStatusSchema,
  type WebhookSubscription,
  type WebhookSubscriptionInputSchema,
  type WebhookTargetPolicy,
  webhookSignature,
} from '../domain/webhooks.ts';
import type { Page, TicketStore } from '../store/ticket-store.ts';
import type { WebhookStore } from '../store/webhook-store.ts';
import { agencyView } from './agency-referrals.ts';

/** Where deliveries wait for their (next) attempt. */
export interface WebhookQueue {
  enqueue(message: WebhookMessage, delaySeconds?: number): Promise<void>;
}

export interface WebhookAdminDeps {
  webhooks: WebhookStore;
  queue: WebhookQueue;
  policy: WebhookTargetPolicy;
  /** The signing secret of one subscription (derived, never stored). */
  secretFor: (agencyId: string, subscriptionId: string) => string;
  now: () => Date;
}

export interface WebhookDeliveryDeps extends WebhookAdminDeps {
  tickets: Pick<TicketStore, 'getReferral'>;
  sender: WebhookSender;
}

/** The headers a receiver reads; documented in docs/api.md. */
export const WEBHOOK_HEADERS = {
  signature: 'pasokh-signature',
  delivery: 'pasokh-delivery',
  event: 'pasokh-event',
} as const;

/** A referral change becomes a message for its agency's webhook when its version moved on. */
export function webhookMessageFor(
  after: Pick<Referral, 'agencyId' | 'referralId' | 'version'>,
  before: Pick<Referral, 'version'> | null,
): WebhookMessage | null {
  if (before && before.version === after.version) return null;
  return { agencyId: after.agencyId, referralId: after.referralId, version: after.version };
}

/**
 * Whether an agency has a receiver, remembered for `ttlMs`: the router asks for every referral
 * write, and most agencies poll instead. A new receiver is told of changes from at most `ttlMs` on.
 */
export function subscribedAgencies(
  webhooks: Pick<WebhookStore, 'getSubscription'>,
  ttlMs: number,
  now: () => number = Date.now,
): (agencyId: string) => Promise<boolean> {
  const known = new Map<string, { subscribed: boolean; until: number }>();
  return async (agencyId) => {
    const cached = known.get(agencyId);
    if (cached && cached.until > now()) return cached.subscribed;
    const subscribed = (await webhooks.getSubscription(agencyId)) !== null;
    known.set(agencyId, { subscribed, until: now() + ttlMs });
    return subscribed;
  };
}

export interface SubscriptionView {
  url: string;
  subscriptionId: string;
  createdAt: string;
}

const subscriptionView = (s: WebhookSubscription): SubscriptionView => ({
  url: s.url,
  subscriptionId: s.subscriptionId,
  createdAt: s.createdAt,
});

/**
 * Registers (or replaces) the agency's receiver. The answer carries the signing secret, shown
 * this once; registering again gives a new one.
 */
export async function subscribe(
  deps: WebhookAdminDeps,
  agencyId: string,
  input: z.output<typeof WebhookSubscriptionInputSchema>,
): Promise<SubscriptionView & { secret: string; signatureHeader: string }> {
  const url = checkWebhookUrl(input.url, deps.policy);
  const subscription: WebhookSubscription = {
    agencyId,
    subscriptionId: ulid(),
    url: url.toString(),
    createdAt: deps.now().toISOString(),
  };
  await deps.webhooks.putSubscription(subscription);
  return {
    ...subscriptionView(subscription),
    secret: deps.secretFor(agencyId, subscription.subscriptionId),
    signatureHeader: WEBHOOK_HEADERS.signature,
  };
}

export async function currentSubscription(
  deps: WebhookAdminDeps,
  agencyId: string,
): Promise<SubscriptionView> {
  const subscription = await deps.webhooks.getSubscription(agencyId);
  if (!subscription) throw new NotFoundError('webhook');
  return subscriptionView(subscription);
}

export async function unsubscribe(deps: WebhookAdminDeps, agencyId: string): Promise<void> {
  if (!(await deps.webhooks.getSubscription(agencyId))) throw new NotFoundError('webhook');
  await deps.webhooks.deleteSubscription(agencyId);
}

export interface DeliveryView {
  deliveryId: string;
  referralId: string;
  version: number;
  eventType: string;
  status: string;
  attempts: number;
  createdAt: string;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

const deliveryView = (d: WebhookDelivery): DeliveryView => ({
  deliveryId: d.deliveryId,
  referralId: d.referralId,
  version: d.version,
  eventType: d.eventType,
  status: d.status,
  attempts: d.attempts,
  createdAt: d.createdAt,
  lastAttemptAt: d.lastAttemptAt,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  deliveredAt: d.deliveredAt,
});

export const DeliveriesQuerySchema = z.strictObject({
  status: WebhookDeliveryStatusSchema.optional(),
  cursor: z.string().max(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export async function listDeliveries(
  deps: WebhookAdminDeps,
  agencyId: string,
  query: z.output<typeof DeliveriesQuerySchema>,
): Promise<Page<DeliveryView>> {
  const page = await deps.webhooks.listDeliveries(agencyId, query.status ?? null, {
    cursor: query.cursor ?? null,
    limit: query.limit,
  });
  return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
}

/** Sends a delivery again, delivered or failed: a new round of attempts with the same body. */
export async function replayDelivery(
  deps: WebhookAdminDeps,
  agencyId: string,
  deliveryId: string,
): Promise<DeliveryView> {
  const restarted = await deps.webhooks.restartDelivery(agencyId, deliveryId, deps.now().toISOString());
  await deps.queue.enqueue({ agencyId, referralId: restarted.referralId, version: restarted.version });
  return deliveryView(restarted);
}

export type DeliveryOutcome =
  | 'delivered'
  | 'retrying'
  | 'failed'
  | 'already_delivered'
  | 'no_subscription'
  | 'no_referral';

/**
 * One attempt at one delivery. The first attempt records the delivery with the body every later
 * attempt sends (the referral as the agency's API shows it, at that moment). A failed attempt
 * queues the next one after a growing delay until a day has passed; then the delivery is FAILED
 * and stays listed for the agency to replay.
 */
export async function attemptDelivery(
  deps: WebhookDeliveryDeps,
  message: WebhookMessage,
): Promise<DeliveryOutcome> {
  const subscription = await deps.webhooks.getSubscription(message.agencyId);
  if (!subscription) return 'no_subscription';
  const deliveryId = deliveryIdOf(message.referralId, message.version);
  let delivery = await deps.webhooks.getDelivery(message.agencyId, deliveryId);
  if (!delivery) {
    const referral = await deps.tickets.getReferral(message.referralId);
    if (!referral || referral.agencyId !== message.agencyId) return 'no_referral';
    const now = deps.now();
    const eventType = eventTypeOf(message.version);
    delivery = await deps.webhooks.createDelivery({
      agencyId: message.agencyId,
      deliveryId,
      referralId: message.referralId,
      version: message.version,
      eventType,
      body: JSON.stringify({
        id: deliveryId,
        type: eventType,
        createdAt: now.toISOString(),
        referral: agencyView(referral, now),
      }),
      status: 'PENDING',
      attempts: 0,
      createdAt: now.toISOString(),
      roundStartedAt: now.toISOString(),
      lastAttemptAt: null,
      lastStatusCode: null,
      lastError: null,
      deliveredAt: null,
    });
  }
  if (delivery.status === 'DELIVERED') return 'already_delivered';
  if (delivery.status === 'FAILED') return 'failed';
  const now = deps.now();
  const answer = await deps.sender.post({
    url: subscription.url,
    body: delivery.body,
    timeoutMs: WEBHOOK_TIMEOUT_MS,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'Pasokh-Webhooks/1',
      [WEBHOOK_HEADERS.delivery]: delivery.deliveryId,
      [WEBHOOK_HEADERS.event]: delivery.eventType,
      [WEBHOOK_HEADERS.signature]: webhookSignature(
        deps.secretFor(subscription.agencyId, subscription.subscriptionId),
        Math.floor(now.getTime() / 1000),
        delivery.body,
      ),
    },
  });
  const at = deps.now().toISOString();
  if (answer.ok) {
    await deps.webhooks.recordAttempt(message.agencyId, deliveryId, {
      status: 'DELIVERED',
      at,
      statusCode: answer.statusCode,
    });
    return 'delivered';
  }
  const retry = mayRetry(delivery, deps.now());
  await deps.webhooks.recordAttempt(message.agencyId, deliveryId, {
    status: retry ? 'PENDING' : 'FAILED',
    at,
    statusCode: answer.statusCode,
    error: answer.error,
  });
  if (!retry) return 'failed';
  await deps.queue.enqueue(message, retryDelaySeconds(delivery.attempts + 1));
  return 'retrying';
}
