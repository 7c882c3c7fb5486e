import { type DynamoDBDocumentClient, PutCommand, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { LabelledExample, LabelStore } from '../label-store.ts';
import { withoutTableAttributes } from './keys.ts';

/** Labelled examples partitioned by month (`LABEL#2026-11`), sorted by time. */
export class DynamoDbLabelStore implements LabelStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async add(example: LabelledExample): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        // One label per ticket and moment: a repeated request writes the same item.
        Item: {
          pk: `LABEL#${example.at.slice(0, 7)}`,
          sk: `${example.at}#${example.ticketId}`,
          entity: 'LABEL',
          ...example,
        },
      }),
    );
  }

  async list(from: Date, to: Date): Promise<LabelledExample[]> {
    const examples: LabelledExample[] = [];
    const month = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), 1));
    while (month < to) {
      const pages = paginateQuery(
        { client: this.client },
        {
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          ExpressionAttributeValues: {
            ':pk': `LABEL#${month.toISOString().slice(0, 7)}`,
            ':from': from.toISOString(),
            ':to': `${to.toISOString()}`,
          },
        },
      );
      for await (const page of pages) {
        for (const item of page.Items ?? [])
          examples.push(withoutTableAttributes(item) as unknown as LabelledExample);
      }
      month.setUTCMonth(month.getUTCMonth() + 1);
    }
    return examples;
  }
}
