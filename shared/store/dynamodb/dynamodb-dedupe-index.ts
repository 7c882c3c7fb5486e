import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CANDIDATES_PER_KEY } from '../../dedupe/clusterer.ts';
import type { DedupeIndex, IndexedRequest } from '../dedupe-index.ts';

/** Index items outlive the dedupe window by a margin, then DynamoDB's TTL removes them. */
const RETENTION_DAYS = 45;

export class DynamoDbDedupeIndex implements DedupeIndex {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async add(request: IndexedRequest): Promise<void> {
    const expiresAt = Math.floor(Date.parse(request.receivedAt) / 1000) + RETENTION_DAYS * 86_400;
    const items = request.fingerprint.lookupKeys.map((key) => ({
      PutRequest: {
        Item: {
          pk: `DEDUPE#${key}`,
          sk: `${request.receivedAt}#${request.ticketId}`,
          entity: 'DEDUPE',
          expiresAt,
          ...request,
        },
      },
    }));
    for (let i = 0; i < items.length; i += 25) {
      let pending: typeof items | undefined = items.slice(i, i + 25);
      for (let attempt = 0; pending?.length && attempt < 5; attempt++) {
        const result = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }),
        );
        pending = result.UnprocessedItems?.[this.tableName] as typeof items | undefined;
        if (pending?.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
      if (pending?.length) throw new Error('dedupe index write left unprocessed items');
    }
  }

  async candidates(
    keys: readonly string[],
    since: Date,
    perKey = CANDIDATES_PER_KEY,
  ): Promise<IndexedRequest[]> {
    const pages = await Promise.all(
      keys.map((key) =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk >= :since',
            ExpressionAttributeValues: { ':pk': `DEDUPE#${key}`, ':since': since.toISOString() },
            ScanIndexForward: false,
            Limit: perKey,
          }),
        ),
      ),
    );
    const seen = new Map<string, IndexedRequest>();
    for (const page of pages) {
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, entity: _entity, expiresAt: _expires, ...request } = item;
        if (!seen.has(String(request.ticketId)))
          seen.set(String(request.ticketId), request as IndexedRequest);
      }
    }
    return [...seen.values()].sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }
}
