import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { ValidationError } from '../../domain/errors.ts';
import { message } from '../../domain/messages.ts';
import type { GlobalIndexName } from '../table-design.ts';
import type { Page, PageRequest } from '../ticket-store.ts';
import { withoutTableAttributes } from './keys.ts';

/**
 * Page cursors are DynamoDB's LastEvaluatedKey, base64url-encoded. On the way back in a cursor
 * must belong to the same partition as the query, so a forged cursor cannot reach another
 * agency's inbox.
 */
export function encodeCursor(lastKey: Record<string, unknown> | undefined): string | null {
  return lastKey ? Buffer.from(JSON.stringify(lastKey)).toString('base64url') : null;
}

export function decodeCursor(
  cursor: string | null | undefined,
  partition: { attribute: string; value: string },
): Record<string, string> | undefined {
  if (!cursor) return undefined;
  const invalid = () =>
    new ValidationError([{ path: 'cursor', code: 'invalid_input', message: message('invalid_input') }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid();
  const entries = Object.entries(parsed);
  if (entries.length > 6 || !entries.every(([, v]) => typeof v === 'string' && v.length < 512))
    throw invalid();
  const key = Object.fromEntries(entries) as Record<string, string>;
  if (key[partition.attribute] !== partition.value) throw invalid();
  return key;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export function pageSize(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(1, Math.floor(limit)), MAX_PAGE_SIZE);
}

/** One page of a global index partition, optionally bounded on its sort key. */
export async function queryIndex<T>(
  client: DynamoDBDocumentClient,
  tableName: string,
  indexName: GlobalIndexName,
  partition: string,
  page: PageRequest,
  range: { forward: boolean; between?: [string, string]; before?: string; after?: string },
  parse: (item: Record<string, unknown>) => T,
): Promise<Page<T>> {
  const pkName = `${indexName}pk`;
  const skName = `${indexName}sk`;
  const input: QueryCommandInput = {
    TableName: tableName,
    IndexName: indexName,
    KeyConditionExpression: `#pk = :pk`,
    ExpressionAttributeNames: { '#pk': pkName },
    ExpressionAttributeValues: { ':pk': partition },
    ScanIndexForward: range.forward,
    Limit: pageSize(page.limit),
    ExclusiveStartKey: decodeCursor(page.cursor, { attribute: pkName, value: partition }),
  };
  if (range.between) {
    input.KeyConditionExpression += ' AND #sk BETWEEN :from AND :to';
    Object.assign(input.ExpressionAttributeNames as object, { '#sk': skName });
    Object.assign(input.ExpressionAttributeValues as object, {
      ':from': range.between[0],
      ':to': range.between[1],
    });
  } else if (range.before) {
    input.KeyConditionExpression += ' AND #sk < :before';
    Object.assign(input.ExpressionAttributeNames as object, { '#sk': skName });
    Object.assign(input.ExpressionAttributeValues as object, { ':before': range.before });
  } else if (range.after) {
    input.KeyConditionExpression += ' AND #sk > :after';
    Object.assign(input.ExpressionAttributeNames as object, { '#sk': skName });
    Object.assign(input.ExpressionAttributeValues as object, { ':after': range.after });
  }
  const result = await client.send(new QueryCommand(input));
  return {
    items: (result.Items ?? []).map((item) => parse(withoutTableAttributes(item))),
    nextCursor: encodeCursor(result.LastEvaluatedKey),
  };
}
