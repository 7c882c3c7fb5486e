/**
 * Resolves the CloudFormation intrinsic functions CDK emits (Ref, Fn::GetAtt, Fn::Join, Fn::Sub,
 * Fn::Select, Fn::Split) against local values, so the local cloud can read environment variables,
 * state machine definitions and API routes straight from the synthesized template.
 */
export interface IntrinsicContext {
  ref(logicalId: string): string | undefined;
  getAtt(logicalId: string, attribute: string): string | undefined;
}

export const LOCAL_ACCOUNT = '123456789012';
export const LOCAL_REGION = 'us-east-1';

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Pasokh',
  'AWS::NoValue': '',
};

export class UnresolvedReferenceError extends Error {
  constructor(what: string) {
    super(`local cloud cannot resolve ${what}`);
    this.name = 'UnresolvedReferenceError';
  }
}

export function resolveIntrinsics(value: unknown, context: IntrinsicContext): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, context));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0] as [string, unknown];
    const str = (v: unknown) => String(resolveIntrinsics(v, context));
    switch (key) {
      case 'Ref': {
        const name = String(arg);
        const resolved = PSEUDO[name] ?? context.ref(name);
        if (resolved === undefined) throw new UnresolvedReferenceError(`Ref ${name}`);
        return resolved;
      }
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.');
        const resolved = context.getAtt(String(id), String(attribute));
        if (resolved === undefined) throw new UnresolvedReferenceError(`Fn::GetAtt ${id}.${attribute}`);
        return resolved;
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, unknown[]];
        return (resolveIntrinsics(parts, context) as unknown[]).map(String).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        return (resolveIntrinsics(list, context) as unknown[])[Number(resolveIntrinsics(index, context))];
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, unknown];
        return str(source).split(separator);
      }
      case 'Fn::Sub': {
        const [template, variables] = Array.isArray(arg)
          ? (arg as [string, Record<string, unknown>])
          : [String(arg), {}];
        return template.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
          if (variables[name] !== undefined) return str(variables[name]);
          if (name.includes('.')) {
            const [id, attribute] = name.split('.');
            return str({ 'Fn::GetAtt': [id, attribute] });
          }
          return str({ Ref: name });
        });
      }
      default:
        break;
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveIntrinsics(v, context)]));
}

/** The local ARN of a function, queue or state machine, named by its logical id. */
export const localArn = {
  lambda: (logicalId: string) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${logicalId}`,
  sqs: (logicalId: string) => `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${logicalId}`,
  stateMachine: (logicalId: string) =>
    `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:${logicalId}`,
  secret: (logicalId: string) =>
    `arn:aws:secretsmanager:${LOCAL_REGION}:${LOCAL_ACCOUNT}:secret:${logicalId}`,
};
