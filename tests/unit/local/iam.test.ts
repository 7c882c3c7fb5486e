import { describe, expect, it } from 'vitest';
import { isAllowed, type Statement } from '../../../local/iam/policy.ts';
import {
  accessKeyOf,
  dynamoDbPermissions,
  type LocalArns,
  s3Permissions,
} from '../../../local/iam/requests.ts';

const TABLE = 'arn:aws:dynamodb:us-east-1:123456789012:table/pasokh-Data';
const arns: LocalArns = {
  table: (name) => `arn:aws:dynamodb:us-east-1:123456789012:table/${name}`,
  queueOfUrl: (url) => `arn:aws:sqs:us-east-1:123456789012:${url.split('/').pop()}`,
  queueOfName: (name) => `arn:aws:sqs:us-east-1:123456789012:${name}`,
  stateMachineOfToken: () => undefined,
  stateMachines: () => [],
};
const request = (target: string, body: object) => ({
  method: 'POST',
  url: '/',
  headers: { 'x-amz-target': target },
  body: Buffer.from(JSON.stringify(body)),
});

describe('IAM evaluation', () => {
  const statements: Statement[] = [
    {
      effect: 'Allow',
      actions: ['dynamodb:GetItem', 'dynamodb:Query'],
      resources: [TABLE, `${TABLE}/index/*`],
    },
    { effect: 'Allow', actions: ['s3:GetObject*'], resources: ['arn:aws:s3:::scans/*'] },
    { effect: 'Deny', actions: ['s3:*'], resources: ['arn:aws:s3:::scans/secret/*'] },
  ];

  it('limits a statement with dynamodb:LeadingKeys to those partition keys, and fails closed on other conditions', () => {
    const guarded: Statement[] = [
      { effect: 'Allow', actions: ['dynamodb:UpdateItem'], resources: [TABLE], leadingKeys: ['GUARD#*'] },
      { effect: 'Allow', actions: ['dynamodb:DeleteItem'], resources: [TABLE], unsupportedCondition: true },
    ];
    const update = (pk: string) =>
      dynamoDbPermissions(arns)(
        request('DynamoDB_20120810.UpdateItem', {
          TableName: 'pasokh-Data',
          Key: { pk: { S: pk }, sk: { S: 'x' } },
        }),
      )[0] as Parameters<typeof isAllowed>[1];
    expect(isAllowed(guarded, update('GUARD#abc'))).toBe(true);
    expect(isAllowed(guarded, update('TICKET#01JD0000000000000000000000'))).toBe(false);
    expect(isAllowed(guarded, { action: 'dynamodb:UpdateItem', resource: TABLE })).toBe(false);
    expect(isAllowed(guarded, { action: 'dynamodb:DeleteItem', resource: TABLE })).toBe(false);
  });

  it('allows what a statement names, with wildcards, and nothing else', () => {
    expect(isAllowed(statements, { action: 'dynamodb:GetItem', resource: TABLE })).toBe(true);
    expect(isAllowed(statements, { action: 'DynamoDB:getitem', resource: TABLE })).toBe(true);
    expect(isAllowed(statements, { action: 'dynamodb:Query', resource: `${TABLE}/index/byStatus` })).toBe(
      true,
    );
    expect(isAllowed(statements, { action: 'dynamodb:PutItem', resource: TABLE })).toBe(false);
    expect(isAllowed(statements, { action: 'dynamodb:GetItem', resource: `${TABLE}-other` })).toBe(false);
    expect(isAllowed(statements, { action: 's3:GetObject', resource: 'arn:aws:s3:::scans/b1/1.png' })).toBe(
      true,
    );
  });

  it('lets an explicit deny win', () => {
    expect(isAllowed(statements, { action: 's3:GetObject', resource: 'arn:aws:s3:::scans/secret/x' })).toBe(
      false,
    );
  });
});

describe('the permissions a request needs', () => {
  it('are one per item of a transaction, by the item’s kind and table', () => {
    const needs = dynamoDbPermissions(arns)(
      request('DynamoDB_20120810.TransactWriteItems', {
        TransactItems: [
          { Put: { TableName: 'pasokh-Data' } },
          { Update: { TableName: 'pasokh-Data' } },
          { ConditionCheck: { TableName: 'pasokh-Other' } },
        ],
      }),
    );
    expect(needs).toEqual([
      { action: 'dynamodb:PutItem', resource: TABLE },
      { action: 'dynamodb:UpdateItem', resource: TABLE },
      { action: 'dynamodb:ConditionCheckItem', resource: arns.table('pasokh-Other') },
    ]);
  });

  it('name the index a query reads', () => {
    expect(
      dynamoDbPermissions(arns)(
        request('DynamoDB_20120810.Query', { TableName: 'pasokh-Data', IndexName: 'gsi1' }),
      ),
    ).toEqual([{ action: 'dynamodb:Query', resource: `${TABLE}/index/gsi1` }]);
  });

  it('read S3 objects from the path, and the caller from the signature or a presigned URL', () => {
    const put = {
      method: 'PUT',
      url: '/scans/b1/l1/p1.png?X-Amz-Credential=localFn%2F20261201%2Fus-east-1%2Fs3%2Faws4_request',
      headers: {},
      body: Buffer.alloc(0),
    };
    expect(s3Permissions(put)).toEqual([
      { action: 's3:PutObject', resource: 'arn:aws:s3:::scans/b1/l1/p1.png' },
    ]);
    expect(accessKeyOf(put)).toBe('localFn');
    expect(
      accessKeyOf({
        ...put,
        url: '/',
        headers: {
          authorization:
            'AWS4-HMAC-SHA256 Credential=localOther/20261201/us-east-1/s3/aws4_request, SignedHeaders=host',
        },
      }),
    ).toBe('localOther');
  });
});
