import type { WebhookDelivery, WebhookDeliveryStatus, WebhookSubscription } from '../domain/webhooks.ts';
import type { Page, PageRequest } from './ticket-store.ts';

/** An attempt's outcome, as the delivery records it. */
export type DeliveryAttempt =
  | { status: 'DELIVERED'; at: string; statusCode: number }
  | { status: 'PENDING' | 'FAILED'; at: string; statusCode: number | null; error: string };

/** Agencies' webhook subscriptions (one each) and the deliveries made to them. */
export interface WebhookStore {
  getSubscription(agencyId: string): Promise<WebhookSubscription | null>;
  /** Replaces the agency's subscription (a new id: a new secret). */
  putSubscription(subscription: WebhookSubscription): Promise<void>;
  deleteSubscription(agencyId: string): Promise<void>;
  /** Records a delivery unless one with its id exists; returns the stored one either way. */
  createDelivery(delivery: WebhookDelivery): Promise<WebhookDelivery>;
  getDelivery(agencyId: string, deliveryId: string): Promise<WebhookDelivery | null>;
  recordAttempt(agencyId: string, deliveryId: string, attempt: DeliveryAttempt): Promise<void>;
  /** A new round of attempts for a delivered or failed delivery (replay). */
  restartDelivery(agencyId: string, deliveryId: string, now: string): Promise<WebhookDelivery>;
  /** Newest first, in one status or all. */
  listDeliveries(
    agencyId: string,
    status: WebhookDeliveryStatus | null,
    page: PageRequest,
  ): Promise<Page<WebhookDelivery>>;
}
