import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createDocumentClient } from '../../shared/store/dynamodb/client.ts';
import { createTable } from '../../shared/store/dynamodb/create-table.ts';

/** A fresh table in the run's DynamoDB Local, and clients for it. */
export async function freshTable(): Promise<{
  tableName: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
}> {
  const config = {
    endpoint: inject('dynamodbEndpoint'),
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  };
  const client = new DynamoDBClient(config);
  const tableName = `pasokh-test-${randomUUID().slice(0, 8)}`;
  await createTable(client, tableName);
  return { tableName, client, doc: createDocumentClient(config) };
}
