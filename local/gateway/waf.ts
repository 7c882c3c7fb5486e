import type { CfnTemplate } from '../cloudformation/template.ts';

/** What WAF inspects of a request: the path as API Gateway's stage sees it, the method, headers. */
export interface WafRequest {
  method: string;
  /** e.g. /prod/api/v1/requests/12345678901 */
  path: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  sourceIp: string;
}

export type WafDecision =
  | { action: 'allow' }
  | { action: 'block'; rule: string; statusCode: number; body: string; headers: Record<string, string> };

interface ByteMatch {
  FieldToMatch: { UriPath?: object; Method?: object; SingleHeader?: { Name: string } };
  PositionalConstraint: string;
  SearchString: string;
  TextTransformations?: Array<{ Priority: number; Type: string }>;
}
interface RateBased {
  Limit: number;
  EvaluationWindowSec?: number;
  AggregateKeyType: string;
  CustomKeys?: Array<{ Header?: { Name: string } }>;
  ScopeDownStatement?: Statement;
}
interface Statement {
  ByteMatchStatement?: ByteMatch;
  AndStatement?: { Statements: Statement[] };
  OrStatement?: { Statements: Statement[] };
  NotStatement?: { Statement: Statement };
  RateBasedStatement?: RateBased;
  ManagedRuleGroupStatement?: { VendorName: string; Name: string };
}
/** AWS::WAFv2::WebACL's properties, as far as the local cloud reads them. */
export interface WebAclProperties {
  Rules?: Rule[];
  CustomResponseBodies?: Record<string, { ContentType: string; Content: string }>;
}
interface Rule {
  Name: string;
  Priority: number;
  Action?: { Block?: { CustomResponse?: CustomResponse }; Allow?: object; Count?: object };
  OverrideAction?: object;
  Statement: Statement;
}
interface CustomResponse {
  ResponseCode: number;
  CustomResponseBodyKey?: string;
  ResponseHeaders?: Array<{ Name: string; Value: string }>;
}

const STATEMENTS = new Set([
  'ByteMatchStatement',
  'AndStatement',
  'OrStatement',
  'NotStatement',
  'RateBasedStatement',
  'ManagedRuleGroupStatement',
]);

/**
 * The template's web ACL, evaluated on every API request as AWS WAF does: rules in priority
 * order, the first block wins. It knows the statements Pasokh uses (byte matches on path,
 * method and a header; and/or/not; rate limits keyed by IP or by headers) and refuses to start
 * on any other, so a rule it cannot honour is never silently skipped. AWS's managed rule groups
 * are AWS's own code and are not emulated; the local cloud says so at start.
 */
export class LocalWebAcl {
  private readonly rules: Rule[];
  private readonly bodies: Record<string, { ContentType: string; Content: string }>;
  /** Per rate rule and key, the times of the requests counted in the window. */
  private readonly counts = new Map<string, number[]>();
  private readonly now: () => number;
  readonly unemulated: string[] = [];

  constructor(acl: WebAclProperties, now: () => number = Date.now) {
    this.now = now;
    this.bodies = acl.CustomResponseBodies ?? {};
    this.rules = [...((acl.Rules ?? []) as Rule[])].sort((a, b) => a.Priority - b.Priority);
    for (const rule of this.rules) {
      this.check(rule.Statement, rule.Name);
      if (rule.Statement.ManagedRuleGroupStatement) {
        const group = rule.Statement.ManagedRuleGroupStatement;
        this.unemulated.push(`${rule.Name} (${group.VendorName} ${group.Name})`);
      }
    }
  }

  private check(statement: Statement, rule: string): void {
    const kinds = Object.keys(statement);
    const fail = (what: string) => {
      throw new Error(`local WAF cannot evaluate rule ${rule}: ${what}`);
    };
    if (kinds.length !== 1 || !STATEMENTS.has(String(kinds[0]))) fail(kinds.join(', '));
    for (const s of [
      ...(statement.AndStatement?.Statements ?? []),
      ...(statement.OrStatement?.Statements ?? []),
    ])
      this.check(s, rule);
    if (statement.NotStatement) this.check(statement.NotStatement.Statement, rule);
    const rate = statement.RateBasedStatement;
    if (rate) {
      if (!['IP', 'CUSTOM_KEYS'].includes(rate.AggregateKeyType))
        fail(`aggregate by ${rate.AggregateKeyType}`);
      for (const key of rate.CustomKeys ?? []) if (!key.Header) fail(`key by ${Object.keys(key)}`);
      if (rate.ScopeDownStatement) this.check(rate.ScopeDownStatement, rule);
    }
    const match = statement.ByteMatchStatement;
    if (match) {
      const field = Object.keys(match.FieldToMatch ?? {})[0];
      if (!['UriPath', 'Method', 'SingleHeader'].includes(String(field))) fail(`match on ${field}`);
      if (!['EXACTLY', 'STARTS_WITH', 'ENDS_WITH', 'CONTAINS'].includes(match.PositionalConstraint))
        fail(`match ${match.PositionalConstraint}`);
    }
  }

  evaluate(request: WafRequest): WafDecision {
    for (const rule of this.rules) {
      if (rule.Statement.ManagedRuleGroupStatement || !rule.Action?.Block) continue;
      if (!this.matches(rule.Statement, request, rule.Name)) continue;
      const custom = rule.Action.Block.CustomResponse;
      const body = custom?.CustomResponseBodyKey ? this.bodies[custom.CustomResponseBodyKey] : undefined;
      return {
        action: 'block',
        rule: rule.Name,
        statusCode: custom?.ResponseCode ?? 403,
        body: body?.Content ?? '',
        headers: {
          ...(body
            ? { 'content-type': body.ContentType === 'APPLICATION_JSON' ? 'application/json' : 'text/plain' }
            : {}),
          ...Object.fromEntries((custom?.ResponseHeaders ?? []).map((h) => [h.Name.toLowerCase(), h.Value])),
        },
      };
    }
    return { action: 'allow' };
  }

  private matches(statement: Statement, request: WafRequest, rule: string): boolean {
    if (statement.AndStatement)
      return statement.AndStatement.Statements.every((s) => this.matches(s, request, rule));
    if (statement.OrStatement)
      return statement.OrStatement.Statements.some((s) => this.matches(s, request, rule));
    if (statement.NotStatement) return !this.matches(statement.NotStatement.Statement, request, rule);
    if (statement.ByteMatchStatement) return byteMatch(statement.ByteMatchStatement, request);
    if (statement.RateBasedStatement) return this.overRate(statement.RateBasedStatement, request, rule);
    return false;
  }

  /** Counts the request against its key; true while the key is over the limit in the window. */
  private overRate(rate: RateBased, request: WafRequest, rule: string): boolean {
    if (rate.ScopeDownStatement && !this.matches(rate.ScopeDownStatement, request, rule)) return false;
    let key: string;
    if (rate.AggregateKeyType === 'IP') key = request.sourceIp;
    else {
      const parts = (rate.CustomKeys ?? []).map((k) => request.headers[String(k.Header?.Name).toLowerCase()]);
      // As in AWS: a request missing a key component is not counted by the rule.
      if (parts.some((p) => p === undefined)) return false;
      key = parts.join('\u0000');
    }
    const now = this.now();
    const windowMs = Number(rate.EvaluationWindowSec ?? 300) * 1000;
    const id = `${rule}\u0000${key}`;
    const times = (this.counts.get(id) ?? []).filter((t) => t > now - windowMs);
    times.push(now);
    this.counts.set(id, times);
    if (this.counts.size > 100_000) this.forgetIdle(now, windowMs);
    return times.length > Number(rate.Limit);
  }

  private forgetIdle(now: number, windowMs: number): void {
    for (const [id, times] of this.counts) if ((times.at(-1) ?? 0) <= now - windowMs) this.counts.delete(id);
  }
}

function byteMatch(match: ByteMatch, request: WafRequest): boolean {
  const field = match.FieldToMatch;
  const value = field.UriPath
    ? request.path
    : field.Method
      ? request.method
      : request.headers[String(field.SingleHeader?.Name).toLowerCase()];
  if (value === undefined) return false;
  const transform = (text: string) =>
    (match.TextTransformations ?? []).some((t) => t.Type === 'LOWERCASE') ? text.toLowerCase() : text;
  const subject = transform(value);
  const wanted = transform(String(match.SearchString));
  switch (match.PositionalConstraint) {
    case 'EXACTLY':
      return subject === wanted;
    case 'STARTS_WITH':
      return subject.startsWith(wanted);
    case 'ENDS_WITH':
      return subject.endsWith(wanted);
    default: // CONTAINS, the one other constraint the constructor lets through
      return subject.includes(wanted);
  }
}

/** The regional web ACL associated with the API stage, its properties resolved; none if absent. */
export function webAclOf(
  template: CfnTemplate,
  resolve: (value: unknown) => unknown,
): WebAclProperties | undefined {
  const entry = Object.entries(template.Resources).find(([, r]) => r.Type === 'AWS::WAFv2::WebACL');
  return entry ? (resolve(entry[1].Properties) as WebAclProperties) : undefined;
}
