import type { Permission } from './policy.ts';

/**
 * The permissions an AWS API request needs, read from the request as IAM's service authorizers
 * read it: the action from the operation, the resource from the names and ARNs in it. Only the
 * operations and resources Pasokh's functions use are mapped precisely; anything else needs its
 * action on every resource (`*`), so an unmapped call is refused rather than waved through.
 */
export interface ApiRequest {
  method: string;
  /** Path and query, as the client sent them. */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface LocalArns {
  table(name: string): string;
  queueOfUrl(url: string): string;
  queueOfName(name: string): string;
  /** The state machine a task token belongs to, when the engine knows the token. */
  stateMachineOfToken(token: string): string | undefined;
  stateMachines(): string[];
}

export type PermissionsOf = (request: ApiRequest) => Permission[];

const json = (request: ApiRequest): Record<string, unknown> => {
  if (!request.body.length) return {};
  try {
    return JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return {};
  }
};

const operation = (request: ApiRequest) => {
  const target = String(request.headers['x-amz-target'] ?? '');
  return target.slice(target.indexOf('.') + 1);
};

const str = (value: unknown) => (typeof value === 'string' ? value : '');

export function dynamoDbPermissions(arns: LocalArns): PermissionsOf {
  return (request) => {
    const op = operation(request);
    const body = json(request);
    const on = (action: string, table: string, index?: unknown) => ({
      action: `dynamodb:${action}`,
      resource: index ? `${arns.table(table)}/index/${str(index)}` : arns.table(table),
    });
    switch (op) {
      case 'BatchGetItem':
      case 'BatchWriteItem':
        return Object.keys((body.RequestItems ?? {}) as object).map((table) => on(op, table));
      case 'TransactWriteItems':
      case 'TransactGetItems':
        return ((body.TransactItems ?? []) as Array<Record<string, { TableName?: string }>>).flatMap((item) =>
          Object.entries(item).map(([kind, part]) =>
            on(kind === 'ConditionCheck' ? 'ConditionCheckItem' : `${kind}Item`, str(part.TableName)),
          ),
        );
      case 'ListTables':
        return [{ action: 'dynamodb:ListTables', resource: '*' }];
      case 'GetItem':
      case 'PutItem':
      case 'UpdateItem':
      case 'DeleteItem': {
        const item = (op === 'PutItem' ? body.Item : body.Key) as { pk?: { S?: string } } | undefined;
        const pk = item?.pk?.S;
        return [{ ...on(op, str(body.TableName)), ...(pk === undefined ? {} : { leadingKeys: [pk] }) }];
      }
      default:
        return body.TableName
          ? [on(op, str(body.TableName), body.IndexName)]
          : [{ action: `dynamodb:${op}`, resource: '*' }];
    }
  };
}

const SQS_ACTIONS: Record<string, string> = {
  SendMessageBatch: 'SendMessage',
  DeleteMessageBatch: 'DeleteMessage',
  ChangeMessageVisibilityBatch: 'ChangeMessageVisibility',
};

export function sqsPermissions(arns: LocalArns): PermissionsOf {
  return (request) => {
    const op = operation(request);
    const body = json(request);
    const action = `sqs:${SQS_ACTIONS[op] ?? op}`;
    if (body.QueueUrl) return [{ action, resource: arns.queueOfUrl(str(body.QueueUrl)) }];
    if (body.QueueName) return [{ action, resource: arns.queueOfName(str(body.QueueName)) }];
    if (body.SourceArn) return [{ action, resource: str(body.SourceArn) }];
    return [{ action, resource: '*' }];
  };
}

export function stepFunctionsPermissions(arns: LocalArns): PermissionsOf {
  return (request) => {
    const op = operation(request);
    const body = json(request);
    const action = `states:${op}`;
    if (body.stateMachineArn) return [{ action, resource: str(body.stateMachineArn) }];
    if (body.executionArn) return [{ action, resource: str(body.executionArn) }];
    if (body.taskToken) {
      const machine = arns.stateMachineOfToken(str(body.taskToken));
      // A token the engine no longer knows: any state machine the caller may answer for will do,
      // and the engine says the task does not exist.
      return [{ action, resource: machine ?? arns.stateMachines()[0] ?? '*' }];
    }
    return [{ action, resource: '*' }];
  };
}

export const secretsPermissions: PermissionsOf = (request) => [
  { action: `secretsmanager:${operation(request)}`, resource: str(json(request).SecretId) || '*' },
];

export const textractPermissions: PermissionsOf = (request) => [
  { action: `textract:${operation(request)}`, resource: '*' },
];

/** SNS's query protocol: the action in the form body; a publish to a phone number names no resource. */
export const snsPermissions: PermissionsOf = (request) => {
  const form = new URLSearchParams(request.body.toString('utf8'));
  const topic = form.get('TopicArn') ?? form.get('TargetArn');
  return [{ action: `sns:${form.get('Action') ?? 'Unknown'}`, resource: topic ?? '*' }];
};

/** S3's REST API, path-style (/bucket/key), as the local clients address it. */
export const s3Permissions: PermissionsOf = (request) => {
  const url = new URL(request.url, 'http://local');
  const [, bucket = '', ...rest] = url.pathname.split('/');
  const key = decodeURIComponent(rest.join('/'));
  const object = `arn:aws:s3:::${bucket}/${key}`;
  if (!bucket) return [{ action: 's3:ListAllMyBuckets', resource: '*' }];
  if (!key) return [{ action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}` }];
  switch (request.method) {
    case 'GET':
    case 'HEAD':
      return [{ action: 's3:GetObject', resource: object }];
    case 'PUT':
    case 'POST':
      return [{ action: 's3:PutObject', resource: object }];
    case 'DELETE':
      return [{ action: 's3:DeleteObject', resource: object }];
    default:
      return [{ action: `s3:${request.method}`, resource: object }];
  }
};

/** Who signed a request: the access key in its SigV4 Authorization header or presigned query. */
export function accessKeyOf(request: ApiRequest): string | null {
  const authorization = String(request.headers.authorization ?? '');
  const fromHeader = /Credential=([^/,\s]+)\//.exec(authorization)?.[1];
  if (fromHeader) return fromHeader;
  const credential = new URL(request.url, 'http://local').searchParams.get('X-Amz-Credential');
  return credential ? (credential.split('/')[0] ?? null) : null;
}
