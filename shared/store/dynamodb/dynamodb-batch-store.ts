import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '../../domain/errors.ts';
import type { BatchLetter, BatchStatus, LetterBatch } from '../../domain/letter-batch.ts';
import type { BatchStore } from '../batch-store.ts';
import type { Page, PageRequest } from '../ticket-store.ts';
import { queryIndex } from './cursor.ts';
import { batchIndexAttributes, keys, withoutTableAttributes } from './keys.ts';

const batchItem = (batch: LetterBatch) => ({
  ...keys.batch(batch.batchId),
  entity: 'BATCH',
  ...batchIndexAttributes(batch),
  ...batch,
});

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
        Item: batchItem(batch),
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

  saveAddedLetters(after: LetterBatch, added: readonly BatchLetter[]): Promise<void> {
    return this.saveWithLetters(after, added, 'attribute_not_exists(pk)');
  }

  saveLetterChange(after: LetterBatch, letter: BatchLetter): Promise<void> {
    return this.saveWithLetters(after, [letter], 'attribute_exists(pk)');
  }

  /** The batch at its next version and letters beside it, in one transaction. */
  private async saveWithLetters(
    after: LetterBatch,
    letters: readonly BatchLetter[],
    letterCondition: string,
  ): Promise<void> {
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: batchItem(after),
                ConditionExpression: 'version = :read',
                ExpressionAttributeValues: { ':read': after.version - 1 },
              },
            },
            ...letters.map((letter) => ({
              Put: {
                TableName: this.tableName,
                Item: { ...keys.batchLetter(after.batchId, letter.letterNo), entity: 'LETTER', ...letter },
                ConditionExpression: letterCondition,
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

  async saveBatch(after: LetterBatch): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: batchItem(after),
          ConditionExpression: 'version = :read',
          ExpressionAttributeValues: { ':read': after.version - 1 },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ConflictError('batch', after.batchId);
      throw error;
    }
  }

  async setLetterTicket(batchId: string, letterNo: number, ticketId: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.batchLetter(batchId, letterNo),
          UpdateExpression: 'SET ticketId = :ticket',
          ConditionExpression: 'attribute_exists(pk) AND (ticketId = :none OR ticketId = :ticket)',
          ExpressionAttributeValues: { ':ticket': ticketId, ':none': null },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        throw new ConflictError('batch letter', `${batchId}/${letterNo}`);
      throw error;
    }
  }

  listByStatus(
    status: BatchStatus,
    page: PageRequest & { newestFirst?: boolean } = {},
  ): Promise<Page<LetterBatch>> {
    return queryIndex(
      this.client,
      this.tableName,
      'gsi1',
      keys.batches(status),
      page,
      { forward: !page.newestFirst },
      (item) => item as unknown as LetterBatch,
    );
  }

  async getLetter(batchId: string, letterNo: number): Promise<BatchLetter | null> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: keys.batchLetter(batchId, letterNo),
        ConsistentRead: true,
      }),
    );
    return Item ? (withoutTableAttributes(Item) as unknown as BatchLetter) : null;
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
