import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { NotFoundError } from '../../domain/errors.ts';
import type { WebhookDelivery, WebhookDeliveryStatus, WebhookSubscription } from '../../domain/webhooks.ts';
import type { Page, PageRequest } from '../ticket-store.ts';
import type { DeliveryAttempt, WebhookStore } from '../webhook-store.ts';
import { decodeCursor, encodeCursor, pageSize, queryIndex } from './cursor.ts';
import { keys, withoutTableAttributes } from './keys.ts';

/** Deliveries are kept this long, then expire (TTL). */
const DELIVERY_DAYS = 30;

/**
 * Subscriptions as `WEBHOOK#<agencyId>` / `SUBSCRIPTION`; deliveries beside them as
 * `DELIVERY#<deliveryId>`, listed by status through gsi1 (`WEBHOOKS#<agencyId>#<status>`).
 */
export class DynamoDbWebhookStore implements WebhookStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async getSubscription(agencyId: string): Promise<WebhookSubscription | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.webhookSubscription(agencyId) }),
    );
    return Item ? (withoutTableAttributes(Item) as unknown as WebhookSubscription) : null;
  }

  async putSubscription(subscription: WebhookSubscription): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.webhookSubscription(subscription.agencyId), entity: 'WEBHOOK', ...subscription },
      }),
    );
  }

  async deleteSubscription(agencyId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: keys.webhookSubscription(agencyId) }),
    );
  }

  async createDelivery(delivery: WebhookDelivery): Promise<WebhookDelivery> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: this.item(delivery),
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return delivery;
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const stored = await this.getDelivery(delivery.agencyId, delivery.deliveryId);
      if (!stored) throw error;
      return stored;
    }
  }

  async getDelivery(agencyId: string, deliveryId: string): Promise<WebhookDelivery | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.webhookDelivery(agencyId, deliveryId),
        ConsistentRead: true,
      }),
    );
    return Item ? (withoutTableAttributes(Item) as unknown as WebhookDelivery) : null;
  }

  async recordAttempt(agencyId: string, deliveryId: string, attempt: DeliveryAttempt): Promise<void> {
    const delivered = attempt.status === 'DELIVERED';
    await this.client
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.webhookDelivery(agencyId, deliveryId),
          UpdateExpression:
            'SET #status = :status, gsi1pk = :queue, lastAttemptAt = :at, lastStatusCode = :code, lastError = :error, deliveredAt = :delivered ADD attempts :one',
          // A delivery already delivered stays delivered, whatever a late duplicate attempt saw.
          ConditionExpression: 'attribute_exists(pk) AND #status <> :done',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':status': attempt.status,
            ':queue': keys.webhookDeliveries(agencyId, attempt.status),
            ':at': attempt.at,
            ':code': attempt.statusCode,
            ':error': delivered ? null : attempt.error,
            ':delivered': delivered ? attempt.at : null,
            ':one': 1,
            ':done': 'DELIVERED',
          },
        }),
      )
      .catch((error: unknown) => {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      });
  }

  async restartDelivery(agencyId: string, deliveryId: string, now: string): Promise<WebhookDelivery> {
    const stored = await this.getDelivery(agencyId, deliveryId);
    if (!stored) throw new NotFoundError('delivery');
    const restarted: WebhookDelivery = {
      ...stored,
      status: 'PENDING',
      attempts: 0,
      roundStartedAt: now,
      lastError: null,
    };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: this.item(restarted) }));
    return restarted;
  }

  async listDeliveries(
    agencyId: string,
    status: WebhookDeliveryStatus | null,
    page: PageRequest,
  ): Promise<Page<WebhookDelivery>> {
    const parse = (item: Record<string, unknown>) => item as unknown as WebhookDelivery;
    if (status) {
      return queryIndex(
        this.client,
        this.tableName,
        'gsi1',
        keys.webhookDeliveries(agencyId, status),
        page,
        { forward: false },
        parse,
      );
    }
    const { pk } = keys.webhookSubscription(agencyId);
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :delivery)',
        ExpressionAttributeValues: { ':pk': pk, ':delivery': 'DELIVERY#' },
        ScanIndexForward: false,
        Limit: pageSize(page.limit),
        ExclusiveStartKey: decodeCursor(page.cursor, { attribute: 'pk', value: pk }),
      }),
    );
    return {
      items: (result.Items ?? []).map((item) => parse(withoutTableAttributes(item))),
      nextCursor: encodeCursor(result.LastEvaluatedKey),
    };
  }

  private item(delivery: WebhookDelivery): Record<string, unknown> {
    return {
      ...keys.webhookDelivery(delivery.agencyId, delivery.deliveryId),
      entity: 'WEBHOOK_DELIVERY',
      ...delivery,
      gsi1pk: keys.webhookDeliveries(delivery.agencyId, delivery.status),
      gsi1sk: `${delivery.createdAt}#${delivery.deliveryId}`,
      expiresAt: Math.ceil(Date.parse(delivery.createdAt) / 1000) + DELIVERY_DAYS * 86_400,
    };
  }
}
