import { createHash } from 'node:crypto';
import { BatchGetCommand, type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LookupGuard } from '../lookup-guard.ts';
import { keys } from './keys.ts';

/**
 * Misses counted per subject in fixed windows (one item per window, an atomic ADD, removed by
 * TTL). A subject is locked while this window or the previous one has `maxMisses`: a lock lasts
 * between one and two windows, and no reset needs a read-modify-write.
 */
export class DynamoDbLookupGuard implements LookupGuard {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly maxMisses: number;
  private readonly windowSeconds: number;
  private readonly now: () => Date;

  constructor(options: {
    client: DynamoDBDocumentClient;
    tableName: string;
    maxMisses?: number;
    windowSeconds?: number;
    now?: () => Date;
  }) {
    this.client = options.client;
    this.tableName = options.tableName;
    this.maxMisses = options.maxMisses ?? 5;
    this.windowSeconds = options.windowSeconds ?? 15 * 60;
    this.now = options.now ?? (() => new Date());
  }

  private window(offset = 0): number {
    return Math.floor(this.now().getTime() / 1000 / this.windowSeconds) - offset;
  }

  /** The subject hashed: a tracking code is itself a secret, kept out of keys. */
  private key(subject: string, window: number) {
    return keys.lookupGuard(createHash('sha256').update(subject).digest('base64url'), window);
  }

  async isLocked(subject: string): Promise<boolean> {
    const { Responses } = await this.client.send(
      new BatchGetCommand({
        RequestItems: {
          [this.tableName]: {
            Keys: [this.key(subject, this.window()), this.key(subject, this.window(1))],
            ConsistentRead: true,
          },
        },
      }),
    );
    return (Responses?.[this.tableName] ?? []).some((item) => Number(item.misses) >= this.maxMisses);
  }

  async recordMiss(subject: string): Promise<boolean> {
    const window = this.window();
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: this.key(subject, window),
        UpdateExpression: 'ADD misses :one SET entity = :entity, expiresAt = :expires',
        ExpressionAttributeValues: {
          ':one': 1,
          ':entity': 'LOOKUP_GUARD',
          ':expires': (window + 3) * this.windowSeconds,
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.misses) >= this.maxMisses;
  }
}
