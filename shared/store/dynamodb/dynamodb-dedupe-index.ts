import { type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { CANDIDATES_PER_KEY } from '../../dedupe/clusterer.ts';
import type { DedupeIndex, IndexedRequest } from '../dedupe-index.ts';
import { putAll } from './batch-write.ts';

/** Index items outlive the dedupe window by a margin, then DynamoDB's TTL removes them. */
const RETENTION_DAYS = 45;

/** A request's index items, one per lookup key: written by `add`, or with the referral it joins or opens. */
export function dedupeIndexItems(request: IndexedRequest): Record<string, unknown>[] {
  const expiresAt = Math.floor(Date.parse(request.receivedAt) / 1000) + RETENTION_DAYS * 86_400;
  return request.fingerprint.lookupKeys.map((key) => ({
    pk: `DEDUPE#${key}`,
    sk: `${request.receivedAt}#${request.ticketId}`,
    entity: 'DEDUPE',
    expiresAt,
    ...request,
  }));
}

export class DynamoDbDedupeIndex implements DedupeIndex {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async add(request: IndexedRequest): Promise<void> {
    await putAll(this.client, this.tableName, dedupeIndexItems(request));
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
