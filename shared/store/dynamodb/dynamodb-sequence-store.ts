import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SequenceStore } from '../sequence-store.ts';
import { keys } from './keys.ts';

/** One item per sequence, advanced by an atomic ADD: concurrent reservations never overlap. */
export class DynamoDbSequenceStore implements SequenceStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async reserve(sequence: string, count: number): Promise<{ first: number; count: number }> {
    if (!Number.isInteger(count) || count < 1) throw new RangeError('reserve at least one number');
    const { Attributes } = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.sequence(sequence),
        UpdateExpression: 'ADD #next :count SET entity = :entity',
        ExpressionAttributeNames: { '#next': 'next' },
        ExpressionAttributeValues: { ':count': count, ':entity': 'SEQUENCE' },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const next = Number(Attributes?.next);
    return { first: next - count, count };
  }
}
