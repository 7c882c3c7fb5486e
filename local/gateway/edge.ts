import { runInNewContext } from 'node:vm';
import type { CfnTemplate } from '../cloudformation/template.ts';

/** A request as a CloudFront Function sees it (only the headers are read or changed here). */
interface EdgeRequest {
  headers: Record<string, { value: string }>;
}

/** What CloudFront does to a request for one path pattern before it reaches the origin. */
export interface EdgeBehavior {
  /** The viewer-request CloudFront Function, run on the template's own code. */
  viewerRequest?: (request: EdgeRequest, viewerIp: string) => EdgeRequest;
  /** The origin's custom headers, secrets resolved. */
  originHeaders: Record<string, string>;
}

interface CacheBehavior {
  PathPattern?: string;
  TargetOriginId: string;
  FunctionAssociations?: Array<{ EventType: string; FunctionARN: unknown }>;
}

/**
 * The distribution's behavior for `pathPattern` (e.g. /api/*): the local gateway plays CloudFront
 * and applies it to every API request, so the API's WAF sees what it sees in AWS.
 */
export function edgeBehaviorOf(
  template: CfnTemplate,
  pathPattern: string,
  resolve: (value: unknown) => unknown,
): EdgeBehavior {
  const distribution = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::CloudFront::Distribution',
  );
  const config = (distribution?.Properties?.DistributionConfig ?? {}) as {
    CacheBehaviors?: CacheBehavior[];
    Origins?: Array<{
      Id: string;
      OriginCustomHeaders?: Array<{ HeaderName: string; HeaderValue: unknown }>;
    }>;
  };
  const behavior = config.CacheBehaviors?.find((b) => b.PathPattern === pathPattern);
  if (!behavior) return { originHeaders: {} };
  const origin = config.Origins?.find((o) => o.Id === behavior.TargetOriginId);
  const originHeaders = Object.fromEntries(
    (origin?.OriginCustomHeaders ?? []).map((h) => [
      h.HeaderName.toLowerCase(),
      String(resolve(h.HeaderValue)),
    ]),
  );
  const association = behavior.FunctionAssociations?.find((a) => a.EventType === 'viewer-request');
  // FunctionARN is {"Fn::GetAtt": [id, "FunctionARN"]}: the function's code is in the template.
  const functionId = (association?.FunctionARN as { 'Fn::GetAtt'?: [string, string] } | undefined)?.[
    'Fn::GetAtt'
  ]?.[0];
  const code = functionId
    ? String(template.Resources[functionId]?.Properties?.FunctionCode ?? '')
    : undefined;
  // Evaluated once in its own context (as CloudFront keeps a function loaded), called per request.
  const sandbox: { handler?: (event: unknown) => EdgeRequest } = {};
  if (code) runInNewContext(`${code}\nthis.handler = handler;`, sandbox, { timeout: 1000 });
  const handler = sandbox.handler;
  const viewerRequest = handler
    ? (request: EdgeRequest, viewerIp: string) => handler({ request, viewer: { ip: viewerIp } })
    : undefined;
  return { originHeaders, ...(viewerRequest ? { viewerRequest } : {}) };
}
