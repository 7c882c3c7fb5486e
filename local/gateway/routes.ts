import type { CfnTemplate } from '../cloudformation/template.ts';

/** One API Gateway method, as the template declares it. */
export interface Route {
  method: string;
  /** Resource path as API Gateway names it, e.g. /api/v1/requests/{trackingCode}. */
  resourcePath: string;
  pattern: RegExp;
  parameterNames: string[];
  integration: { type: 'lambda'; functionLogicalId: string } | { type: 'mock' };
  authorization: 'NONE' | 'CUSTOM' | 'COGNITO_USER_POOLS' | 'AWS_IAM';
  authorizer?: Authorizer;
  apiKeyRequired: boolean;
  requiredParameters: string[];
}

export interface Authorizer {
  logicalId: string;
  type: 'REQUEST' | 'TOKEN' | 'COGNITO_USER_POOLS';
  functionLogicalId?: string;
  identitySources: string[];
  ttlSeconds: number;
}

export interface GatewayResponse {
  statusCode: number;
  body: string;
  headers: Record<string, string>;
}

/**
 * The headers CloudFront adds to everything it serves, from the template's response headers
 * policy (Content-Security-Policy, HSTS, frame options, nosniff, referrer policy).
 */
export function securityHeadersOf(template: CfnTemplate): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type !== 'AWS::CloudFront::ResponseHeadersPolicy') continue;
    const config = (resource.Properties?.ResponseHeadersPolicyConfig ?? {}) as {
      SecurityHeadersConfig?: Record<string, Record<string, unknown>>;
    };
    const security = config.SecurityHeadersConfig ?? {};
    const csp = security.ContentSecurityPolicy?.ContentSecurityPolicy;
    if (csp) headers['content-security-policy'] = String(csp);
    const hsts = security.StrictTransportSecurity;
    if (hsts)
      headers['strict-transport-security'] =
        `max-age=${hsts.AccessControlMaxAgeSec}${hsts.IncludeSubdomains ? '; includeSubDomains' : ''}${hsts.Preload ? '; preload' : ''}`;
    const frame = security.FrameOptions?.FrameOption;
    if (frame) headers['x-frame-options'] = String(frame);
    if (security.ContentTypeOptions) headers['x-content-type-options'] = 'nosniff';
    const referrer = security.ReferrerPolicy?.ReferrerPolicy;
    if (referrer) headers['referrer-policy'] = String(referrer);
  }
  return headers;
}

/** Finds {"Fn::GetAtt": [id, "Arn"]} of a Lambda function inside an integration URI. */
function functionIn(value: unknown, template: CfnTemplate): string | undefined {
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = functionIn(v, template);
      if (found) return found;
    }
    return undefined;
  }
  if (value && typeof value === 'object') {
    const getAtt = (value as Record<string, unknown>)['Fn::GetAtt'];
    if (Array.isArray(getAtt) && template.Resources[String(getAtt[0])]?.Type === 'AWS::Lambda::Function') {
      return String(getAtt[0]);
    }
    for (const v of Object.values(value)) {
      const found = functionIn(v, template);
      if (found) return found;
    }
  }
  return undefined;
}

const refOf = (value: unknown): string | undefined =>
  value && typeof value === 'object'
    ? String((value as { Ref?: unknown }).Ref ?? '') || undefined
    : undefined;

/** The route table of the template's REST API, built from its Resource and Method resources. */
export function buildRoutes(template: CfnTemplate): {
  routes: Route[];
  responses: Map<string, GatewayResponse>;
} {
  const resources = template.Resources;
  const paths = new Map<string, string>();
  const pathOf = (id: string | undefined): string => {
    if (!id || resources[id]?.Type !== 'AWS::ApiGateway::Resource') return '';
    const cached = paths.get(id);
    if (cached !== undefined) return cached;
    const props = resources[id]?.Properties ?? {};
    const path = `${pathOf(refOf(props.ParentId))}/${String(props.PathPart)}`;
    paths.set(id, path);
    return path;
  };
  const authorizers = new Map<string, Authorizer>();
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::ApiGateway::Authorizer') continue;
    const props = resource.Properties ?? {};
    authorizers.set(id, {
      logicalId: id,
      type: String(props.Type) as Authorizer['type'],
      ...(props.AuthorizerUri ? { functionLogicalId: functionIn(props.AuthorizerUri, template) } : {}),
      identitySources: String(props.IdentitySource ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
      ttlSeconds: Number(props.AuthorizerResultTtlInSeconds ?? 300),
    });
  }
  const routes: Route[] = [];
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::ApiGateway::Method') continue;
    const props = resource.Properties ?? {};
    const resourcePath = pathOf(refOf(props.ResourceId)) || '/';
    const integration = props.Integration as { Type?: string; Uri?: unknown } | undefined;
    const functionLogicalId =
      integration?.Type === 'AWS_PROXY' ? functionIn(integration.Uri, template) : undefined;
    const parameterNames = [...resourcePath.matchAll(/\{([^}]+)\}/g)].map((m) => String(m[1]));
    const pattern = new RegExp(
      `^${resourcePath
        .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
        .replace(/\\?\{[^}]+\\?\}/g, '([^/]+)')
        .replace(/\{[^}]+\}/g, '([^/]+)')}$`,
    );
    const authorizerId = refOf(props.AuthorizerId);
    routes.push({
      method: String(props.HttpMethod),
      resourcePath,
      pattern,
      parameterNames,
      integration: functionLogicalId ? { type: 'lambda', functionLogicalId } : { type: 'mock' },
      authorization: String(props.AuthorizationType ?? 'NONE') as Route['authorization'],
      ...(authorizerId && authorizers.get(authorizerId) ? { authorizer: authorizers.get(authorizerId) } : {}),
      apiKeyRequired: props.ApiKeyRequired === true,
      requiredParameters: Object.entries((props.RequestParameters ?? {}) as Record<string, boolean>)
        .filter(([, required]) => required)
        .map(([name]) => name),
    });
  }
  // As API Gateway matches: a literal segment wins over a {parameter} in the same place.
  routes.sort((a, b) => routeSpecificity(a.resourcePath, b.resourcePath));
  const responses = new Map<string, GatewayResponse>();
  for (const resource of Object.values(resources)) {
    if (resource.Type !== 'AWS::ApiGateway::GatewayResponse') continue;
    const props = resource.Properties ?? {};
    const templates = (props.ResponseTemplates ?? {}) as Record<string, string>;
    const parameters = (props.ResponseParameters ?? {}) as Record<string, string>;
    responses.set(String(props.ResponseType), {
      statusCode: Number(props.StatusCode),
      body: templates['application/json'] ?? '{}',
      // gatewayresponse.header.Cache-Control: "'no-store'" → cache-control: no-store
      headers: Object.fromEntries(
        Object.entries(parameters)
          .filter(([name]) => name.startsWith('gatewayresponse.header.'))
          .map(([name, value]) => [
            name.slice('gatewayresponse.header.'.length).toLowerCase(),
            value.replace(/^'|'$/g, ''),
          ]),
      ),
    });
  }
  return { routes, responses };
}

function routeSpecificity(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  for (let i = 0; i < Math.min(as.length, bs.length); i++) {
    const aParam = as[i]?.startsWith('{') ?? false;
    const bParam = bs[i]?.startsWith('{') ?? false;
    if (aParam !== bParam) return aParam ? 1 : -1;
  }
  return 0;
}

export function matchRoute(
  routes: Route[],
  method: string,
  path: string,
):
  | { route: Route; params: Record<string, string> }
  | { methodNotAllowed: true }
  | { badEncoding: true }
  | undefined {
  let pathMatched = false;
  for (const route of routes) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (route.method !== method && route.method !== 'ANY') continue;
    try {
      const params = Object.fromEntries(
        route.parameterNames.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? '')]),
      );
      return { route, params };
    } catch (error) {
      // A malformed percent-encoding (%E0%A4%A): API Gateway answers 400 without calling anything.
      if (error instanceof URIError) return { badEncoding: true };
      throw error;
    }
  }
  return pathMatched ? { methodNotAllowed: true } : undefined;
}
