import { type CfnTemplate, resourcesOfType } from '../cloudformation/template.ts';

/**
 * Each function's permissions as the synthesized template grants them: the identity policies
 * attached to its execution role (AWS::IAM::Policy resources and the role's inline policies),
 * resolved to local ARNs. Managed policies are left out: the only one Pasokh attaches,
 * AWSLambdaBasicExecutionRole, is about CloudWatch Logs, which the local cloud does not emulate.
 */
export interface Statement {
  effect: 'Allow' | 'Deny';
  actions: string[];
  resources: string[];
  /** `ForAllValues:StringLike` on `dynamodb:LeadingKeys`: the partition keys the statement covers. */
  leadingKeys?: string[];
  /** A condition this evaluator cannot check: the statement never applies (it fails closed). */
  unsupportedCondition?: boolean;
}

/** One permission a request needs: `dynamodb:PutItem` on a table's ARN (and the partition key it touches). */
export interface Permission {
  action: string;
  resource: string;
  leadingKeys?: string[];
}

const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];

function statementsOf(document: unknown, resolve: (value: unknown) => unknown): Statement[] {
  return list((document as { Statement?: unknown } | undefined)?.Statement).map((raw) => {
    const statement = raw as { Effect?: string; Action?: unknown; Resource?: unknown; Condition?: unknown };
    const conditions = (statement.Condition ?? {}) as Record<string, Record<string, unknown>>;
    const leadingKeys = conditions['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'];
    const others = Object.entries(conditions).some(
      ([operator, keys]) =>
        operator !== 'ForAllValues:StringLike' || Object.keys(keys).some((k) => k !== 'dynamodb:LeadingKeys'),
    );
    return {
      effect: statement.Effect === 'Deny' ? 'Deny' : 'Allow',
      actions: list(statement.Action).map(String),
      resources: list(resolve(statement.Resource)).map(String),
      ...(leadingKeys === undefined ? {} : { leadingKeys: list(leadingKeys).map(String) }),
      ...(others ? { unsupportedCondition: true } : {}),
    };
  });
}

/** Statements by function logical id. */
export function functionPolicies(
  template: CfnTemplate,
  resolve: (value: unknown) => unknown,
): Map<string, Statement[]> {
  const byRole = new Map<string, Statement[]>();
  const add = (role: string, statements: Statement[]) =>
    byRole.set(role, [...(byRole.get(role) ?? []), ...statements]);
  for (const [, policy] of resourcesOfType(template, 'AWS::IAM::Policy')) {
    for (const role of list(policy.Properties?.Roles)) {
      const roleId = (role as { Ref?: string }).Ref;
      if (roleId) add(roleId, statementsOf(policy.Properties?.PolicyDocument, resolve));
    }
  }
  for (const [roleId, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    for (const inline of list(role.Properties?.Policies))
      add(roleId, statementsOf((inline as { PolicyDocument?: unknown }).PolicyDocument, resolve));
  }
  const byFunction = new Map<string, Statement[]>();
  for (const [id, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const roleId = ((fn.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.[
      'Fn::GetAtt'
    ] ?? [])[0];
    byFunction.set(id, roleId ? (byRole.get(roleId) ?? []) : []);
  }
  return byFunction;
}

/** IAM's wildcards: `*` any run of characters, `?` one; actions compare case-insensitively. */
const compiled = new Map<string, RegExp>();
function matcher(pattern: string, ignoreCase: boolean): RegExp {
  const key = `${ignoreCase ? 'i' : 's'}${pattern}`;
  const known = compiled.get(key);
  if (known) return known;
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  const regex = new RegExp(`^${body}$`, ignoreCase ? 'i' : '');
  compiled.set(key, regex);
  return regex;
}

const matches = (patterns: readonly string[], value: string, ignoreCase: boolean) =>
  patterns.some((p) => matcher(p, ignoreCase).test(value));

/** IAM's evaluation for one identity: an explicit deny wins, then an allow, else denied. */
export function isAllowed(
  statements: readonly Statement[],
  { action, resource, leadingKeys }: Permission,
): boolean {
  const applies = (s: Statement) =>
    !s.unsupportedCondition &&
    matches(s.actions, action, true) &&
    matches(s.resources, resource, false) &&
    (!s.leadingKeys || leadingKeys?.every((key) => matches(s.leadingKeys ?? [], key, false)) === true);
  if (statements.some((s) => s.effect === 'Deny' && applies(s))) return false;
  return statements.some((s) => s.effect === 'Allow' && applies(s));
}
