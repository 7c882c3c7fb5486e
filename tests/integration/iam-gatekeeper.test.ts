import type { Server } from 'node:http';
import {
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, listen } from '../../local/aws-json-server.ts';
import { resolveIntrinsics } from '../../local/cloudformation/intrinsics.ts';
import { synthesizeTemplate } from '../../local/cloudformation/template.ts';
import { freePort } from '../../local/free-port.ts';
import { AccessLog, gatekeeper, type Principal } from '../../local/iam/gatekeeper.ts';
import { functionPolicies, type Statement } from '../../local/iam/policy.ts';
import { dynamoDbPermissions } from '../../local/iam/requests.ts';
import { freshTable } from '../support/dynamodb.ts';

/**
 * The gatekeeper in front of DynamoDB Local with the Refer function's policy as the synthesized
 * template grants it: its calls pass; the same policy with a grant taken out is refused with
 * AWS's AccessDenied, and nothing reaches the table.
 */
let table: Awaited<ReturnType<typeof freshTable>>;
let refer: Statement[];
let server: Server;
let endpoint: string;
const principals = new Map<string, Principal>();
const log = new AccessLog();
const tableArn = (name: string) => `arn:aws:dynamodb:us-east-1:123456789012:table/${name}`;

beforeAll(async () => {
  table = await freshTable();
  const template = synthesizeTemplate();
  const resolve = (value: unknown) =>
    resolveIntrinsics(value, {
      ref: (id) => id,
      getAtt: (id, attribute) =>
        id.startsWith('DataTable') && attribute === 'Arn'
          ? tableArn(table.tableName)
          : `arn:aws:local:::${id}`,
    });
  const policies = functionPolicies(template, resolve);
  refer = [...policies].find(([id]) => id.startsWith('TicketWorkflowRefer'))?.[1] ?? [];
  const withoutPut = refer.map((s) => ({ ...s, actions: s.actions.filter((a) => a !== 'dynamodb:PutItem') }));
  principals.set('localRefer', { functionId: 'Refer', statements: refer });
  principals.set('localReferWithoutPut', { functionId: 'Refer', statements: withoutPut });
  principals.set('localNothing', { functionId: 'Nothing', statements: [] });
  const port = await freePort();
  const { client } = table;
  const upstream = String(
    await client.config.endpoint?.().then((e) => `${e.protocol}//${e.hostname}:${e.port}`),
  );
  server = gatekeeper({
    upstream,
    principals,
    permissionsOf: dynamoDbPermissions({
      table: tableArn,
      queueOfUrl: () => '',
      queueOfName: () => '',
      stateMachineOfToken: () => undefined,
      stateMachines: () => [],
    }),
    service: 'dynamodb',
    denied: 'json',
    log,
  });
  await listen(server, port);
  endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await close(server);
});

const as = (accessKeyId: string) =>
  new DynamoDBClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey: 'local' },
  });
const item = (id: string) => ({ pk: { S: `TEST#${id}` }, sk: { S: 'TEST' } });
const stored = async (id: string) =>
  (await table.client.send(new GetItemCommand({ TableName: table.tableName, Key: item(id) }))).Item !==
  undefined;

describe('least privilege, enforced locally', () => {
  it('passes the calls the template grants the function, and records them', async () => {
    expect(refer.some((s) => s.actions.includes('dynamodb:PutItem'))).toBe(true);
    await as('localRefer').send(new PutItemCommand({ TableName: table.tableName, Item: item('granted') }));
    expect(await stored('granted')).toBe(true);
    expect(log.permissionsUsed().Refer).toContain(`dynamodb:PutItem ${tableArn(table.tableName)}`);
  });

  it('refuses a call whose grant was taken out, with AWS’s AccessDenied, and stores nothing', async () => {
    const refused = as('localReferWithoutPut').send(
      new PutItemCommand({ TableName: table.tableName, Item: item('ungranted') }),
    );
    await expect(refused).rejects.toMatchObject({
      name: 'AccessDeniedException',
      message: expect.stringContaining(
        `not authorized to perform: dynamodb:PutItem on resource: ${tableArn(table.tableName)}`,
      ),
    });
    expect(await stored('ungranted')).toBe(false);
  });

  it('checks every item of a transaction', async () => {
    const refused = as('localNothing').send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Put: { TableName: table.tableName, Item: item('tx') } }],
      }),
    );
    await expect(refused).rejects.toMatchObject({ name: 'AccessDeniedException' });
    expect(await stored('tx')).toBe(false);
  });
});
