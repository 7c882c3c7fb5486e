import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKeyStore } from '../api-key-store.ts';
import { keys } from './keys.ts';

const hashKey = (apiKey: string) => createHash('sha256').update(apiKey).digest('base64url');

export class DynamoDbApiKeyStore implements ApiKeyStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async findAgency(apiKey: string): Promise<string | null> {
    if (apiKey.length < 20 || apiKey.length > 128) return null;
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.apiKey(hashKey(apiKey)) }),
    );
    return Item?.enabled === true ? String(Item.agencyId) : null;
  }

  async register(apiKey: string, agencyId: string, now: Date): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.apiKey(hashKey(apiKey)),
          entity: 'APIKEY',
          gsi1pk: keys.agencyApiKeys(agencyId),
          gsi1sk: now.toISOString(),
          agencyId,
          enabled: true,
          createdAt: now.toISOString(),
          hint: apiKey.slice(-4),
        },
      }),
    );
  }

  async revoke(apiKey: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.apiKey(hashKey(apiKey)),
        UpdateExpression: 'SET enabled = :false',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':false': false },
      }),
    );
  }
}
