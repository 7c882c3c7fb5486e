import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors.ts';
import type { BatchLetter, LetterBatch } from '../../domain/letter-batch.ts';
import type { BatchStore } from '../batch-store.ts';
import { keys, withoutTableAttributes } from './keys.ts';

/** A batch item (`BATCH#<id>` / `BATCH`) and one item per letter (`LETTER#<nnn>`) beside it. */
export class DynamoDbBatchStore implements BatchStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async createBatch(batch: LetterBatch): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.batch(batch.batchId), entity: 'BATCH', ...batch },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getBatch(batchId: string): Promise<LetterBatch | null> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.batch(batchId), ConsistentRead: true }),
    );
    return Item ? (withoutTableAttributes(Item) as unknown as LetterBatch) : null;
  }

  async saveAddedLetters(after: LetterBatch, added: readonly BatchLetter[]): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.batch(after.batchId), entity: 'BATCH', ...after },
                ConditionExpression: 'version = :read',
                ExpressionAttributeValues: { ':read': after.version - 1 },
              },
            },
            ...added.map((letter) => ({
              Put: {
                TableName: this.tableName,
                Item: { ...keys.batchLetter(after.batchId, letter.letterNo), entity: 'LETTER', ...letter },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            })),
          ],
        }),
      );
    } catch (error) {
      if (error instanceof TransactionCanceledException) throw new ConflictError('batch', after.batchId);
      throw error;
    }
  }

  async listLetters(batchId: string): Promise<BatchLetter[]> {
    const letters: BatchLetter[] = [];
    const pages = paginateQuery(
      { client: this.client },
      {
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :letter)',
        ExpressionAttributeValues: { ':pk': keys.batch(batchId).pk, ':letter': 'LETTER#' },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? [])
        letters.push(withoutTableAttributes(item) as unknown as BatchLetter);
    }
    return letters;
  }
}
