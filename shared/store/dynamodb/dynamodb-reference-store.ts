import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  PutCommand,
  paginateQuery,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { type ReferenceData, ReferenceDataSchema } from '../../domain/reference.ts';
import type { ReferenceEdit, ReferenceKind, ReferenceStore } from '../reference-store.ts';
import type { Page, PageRequest } from '../ticket-store.ts';
import { queryIndex } from './cursor.ts';
import { keys, withoutTableAttributes } from './keys.ts';

type Kind = ReferenceKind;

/** Reference data as items: one partition per kind, one item per category, agency or county. */
export class DynamoDbReferenceStore implements ReferenceStore {
  private readonly options: { client: DynamoDBDocumentClient; tableName: string };

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.options = options;
  }

  async load(): Promise<ReferenceData> {
    const [categories, agencies, counties, policies] = await Promise.all(
      (['CATEGORY', 'AGENCY', 'COUNTY', 'POLICY'] as const).map((kind) => this.all(kind)),
    );
    return ReferenceDataSchema.parse({ categories, agencies, counties, policy: policies?.[0] });
  }

  async seed(data: ReferenceData): Promise<number> {
    const items: Array<{ kind: Kind; sk: string; value: object }> = [
      ...data.categories.map((c) => ({ kind: 'CATEGORY' as const, sk: c.code, value: c })),
      ...data.agencies.map((a) => ({ kind: 'AGENCY' as const, sk: a.id, value: a })),
      ...data.counties.map((c) => ({ kind: 'COUNTY' as const, sk: c.code, value: c })),
      { kind: 'POLICY' as const, sk: 'POLICY', value: data.policy },
    ];
    const written = await Promise.all(items.map((item) => this.putIfAbsent(item.kind, item.sk, item.value)));
    return written.filter(Boolean).length;
  }

  async saveEdit(edit: ReferenceEdit): Promise<void> {
    const { tableName } = this.options;
    await this.options.client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName,
              Item: {
                pk: keys.reference(edit.kind),
                sk: edit.key,
                entity: `REF_${edit.kind}`,
                ...edit.after,
              },
            },
          },
          {
            Put: {
              TableName: tableName,
              Item: {
                ...keys.referenceEdit(edit.at, edit.kind, edit.key),
                entity: 'REF_EDIT',
                gsi1pk: keys.referenceEdits,
                gsi1sk: `${edit.at}#${edit.kind}#${edit.key}`,
                ...edit,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
        ],
      }),
    );
  }

  listEdits(range: { from: string; to: string }, page: PageRequest): Promise<Page<ReferenceEdit>> {
    return queryIndex(
      this.options.client,
      this.options.tableName,
      'gsi1',
      keys.referenceEdits,
      page,
      { forward: false, between: [range.from, `${range.to}~`] },
      (item) => item as unknown as ReferenceEdit,
    );
  }

  private async putIfAbsent(kind: Kind, sk: string, value: object): Promise<boolean> {
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { pk: keys.reference(kind), sk, entity: `REF_${kind}`, ...value },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  // Reference partitions hold tens of items, so one query page each is the whole set;
  // the loop still follows pagination so a larger taxonomy cannot be silently cut.
  private async all(kind: Kind): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    const pages = paginateQuery(
      { client: this.options.client },
      {
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.reference(kind) },
        ConsistentRead: true,
      },
    );
    for await (const page of pages) items.push(...(page.Items ?? []).map(withoutTableAttributes));
    return items;
  }
}
