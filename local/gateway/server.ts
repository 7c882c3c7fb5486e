import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
} from 'aws-lambda';
import { type MessageKey, message } from '../../shared/domain/messages.ts';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../cloudformation/intrinsics.ts';
import type { LocalIdentity } from '../identity.ts';
import type { LocalLambdaRuntime } from '../lambda/runtime.ts';
import type { EdgeBehavior } from './edge.ts';
import { type SigningPrincipal, verifyIamRequest } from './iam-auth.ts';
import { type Authorizer, type GatewayResponse, matchRoute, type Route } from './routes.ts';
import type { LocalWebAcl } from './waf.ts';

const STAGE = 'prod';
/** CloudFront's limit on a request's URL; it answers 414 above it. */
const MAX_URL_BYTES = 8192;
const API_ID = 'local';
/** API Gateway's own payload limit. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface GatewayOptions {
  routes: Route[];
  responses: Map<string, GatewayResponse>;
  lambda: LocalLambdaRuntime;
  identity: LocalIdentity;
  /** What CloudFront adds to every response (the template's response headers policy). */
  securityHeaders: Record<string, string>;
  /** What CloudFront does to API requests (the viewer-request function, origin headers). */
  edge: EdgeBehavior;
  /** The API stage's web ACL. */
  webAcl?: LocalWebAcl;
  /** Who may sign requests to AWS_IAM routes, by access key. */
  iamPrincipals: ReadonlyMap<string, SigningPrincipal>;
  webRoot: string;
  health: () => Promise<Record<string, boolean>>;
  /** The SMS the local SNS recorded (GET /api/v1/local/sms). */
  recordedSms?: () => ReadonlyArray<{ messageId: string; phoneNumber: string; message: string; at: string }>;
  /** Test-only control endpoints (fault injection); absent unless the cloud was started for tests. */
  control?: (path: string, body: unknown) => Promise<object | null>;
  onError: (error: unknown) => void;
}

/**
 * The local API Gateway: the template's routes, authorizers, API-key requirement, required
 * parameters and gateway responses, REST proxy events with a Lambda context, plus the web app
 * and the local-only login. It serves everything on one port, as CloudFront does in AWS.
 */
export function createGateway(options: GatewayOptions): Server {
  const authorizerCache = new Map<string, { until: number; result: APIGatewayAuthorizerResult | null }>();

  const gatewayResponse = (res: ServerResponse, type: string, fallbackStatus: number) => {
    const response = options.responses.get(type) ?? options.responses.get('DEFAULT_5XX');
    send(res, response?.statusCode ?? fallbackStatus, response?.body ?? '{}', {
      'content-type': 'application/json',
      ...(response?.headers ?? {}),
    });
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // CloudFront's response headers policy applies to everything, answers of functions included.
    for (const [name, value] of Object.entries(options.securityHeaders)) res.setHeader(name, value);
    if (Buffer.byteLength(req.url ?? '') > MAX_URL_BYTES) return sendProblem(res, 414, 'uri_too_long');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    if (body === null) return gatewayResponse(res, 'REQUEST_TOO_LARGE', 413);

    if (url.pathname === '/health' && method === 'GET') {
      const services = await options.health();
      const up = Object.values(services).every(Boolean);
      return send(res, up ? 200 : 503, JSON.stringify({ status: up ? 'ok' : 'degraded', services }), {
        'content-type': 'application/json',
      });
    }
    if (url.pathname === '/api/v1/local/login' && method === 'POST') return login(res, body);
    if (url.pathname === '/api/v1/local/sms' && method === 'GET' && options.recordedSms) {
      // Local only, like the login: what would have reached citizens' phones, newest first.
      const items = [...options.recordedSms()].reverse().map((m) => ({
        messageId: m.messageId,
        to: m.phoneNumber.replace(/^\+98/, '0'),
        text: m.message,
        at: m.at,
      }));
      return send(res, 200, JSON.stringify({ items }), { 'content-type': 'application/json' });
    }
    if (url.pathname.startsWith('/__local/') && options.control && method === 'POST') {
      const result = await options.control(url.pathname, parseJson(body));
      return result
        ? send(res, 200, JSON.stringify(result), { 'content-type': 'application/json' })
        : send(res, 404, '');
    }
    if (!url.pathname.startsWith('/api/')) return serveStatic(res, url.pathname, method);

    const headers = throughEdge(req, options.edge);
    const verdict = options.webAcl?.evaluate({
      method,
      path: `/${STAGE}${url.pathname}`,
      headers,
      sourceIp: viewerAddress(req),
    });
    if (verdict?.action === 'block') return send(res, verdict.statusCode, verdict.body, verdict.headers);

    const matched = matchRoute(options.routes, method, url.pathname);
    if (!matched) return gatewayResponse(res, 'MISSING_AUTHENTICATION_TOKEN', 404);
    if ('methodNotAllowed' in matched) return gatewayResponse(res, 'MISSING_AUTHENTICATION_TOKEN', 404);
    if ('badEncoding' in matched) return gatewayResponse(res, 'BAD_REQUEST_PARAMETERS', 400);
    const { route, params } = matched;
    const query = Object.fromEntries(url.searchParams.entries());
    for (const parameter of route.requiredParameters) {
      const [, , where, name] = parameter.split('.');
      const present =
        where === 'querystring'
          ? query[String(name)] !== undefined
          : where === 'header'
            ? headers[String(name).toLowerCase()] !== undefined
            : true;
      if (!present) return gatewayResponse(res, 'BAD_REQUEST_PARAMETERS', 400);
    }

    const requestContext: APIGatewayProxyEvent['requestContext'] = {
      accountId: LOCAL_ACCOUNT,
      apiId: API_ID,
      authorizer: null,
      domainName: headers.host ?? 'localhost',
      httpMethod: method,
      identity: identity(req, headers),
      path: `/${STAGE}${url.pathname}`,
      protocol: 'HTTP/1.1',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: route.resourcePath,
      stage: STAGE,
    };

    if (route.authorization === 'CUSTOM' && route.authorizer) {
      const decision = await authorize(route, route.authorizer, method, url.pathname, headers, query, params);
      if (decision === 'unauthorized') return gatewayResponse(res, 'UNAUTHORIZED', 401);
      if (decision === 'denied') return gatewayResponse(res, 'ACCESS_DENIED', 403);
      requestContext.authorizer = decision;
    } else if (route.authorization === 'COGNITO_USER_POOLS') {
      const token = (headers.authorization ?? '').replace(/^Bearer\s+/i, '');
      const claims = token ? await options.identity.verify(token) : null;
      if (!claims) return gatewayResponse(res, 'UNAUTHORIZED', 401);
      requestContext.authorizer = { claims };
    } else if (route.authorization === 'AWS_IAM') {
      const signed = await verifyIamRequest({ method, url, headers, body }, options.iamPrincipals);
      if (signed.outcome !== 'allowed') {
        const type = {
          missing: 'MISSING_AUTHENTICATION_TOKEN',
          invalid: 'INVALID_SIGNATURE',
          denied: 'ACCESS_DENIED',
        };
        return gatewayResponse(res, type[signed.outcome], 403);
      }
      requestContext.identity = {
        ...requestContext.identity,
        userArn: signed.userArn,
        accessKey: signed.accessKey,
      };
    }
    // As API Gateway orders them: authorization first (a missing key fails the authorizer's
    // identity source with 401), then the usage plan's API key.
    if (route.apiKeyRequired && !headers['x-api-key']) return gatewayResponse(res, 'INVALID_API_KEY', 403);

    if (route.integration.type === 'mock') {
      return send(res, 200, JSON.stringify({ status: 'ok' }), { 'content-type': 'application/json' });
    }
    const event: APIGatewayProxyEvent = {
      resource: route.resourcePath,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      queryStringParameters: Object.keys(query).length ? query : null,
      multiValueQueryStringParameters: Object.keys(query).length
        ? Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k)]))
        : null,
      pathParameters: Object.keys(params).length ? params : null,
      stageVariables: null,
      requestContext,
      body: body.length ? body.toString('utf8') : null,
      isBase64Encoded: false,
    };
    let result: APIGatewayProxyResult;
    try {
      result = (await options.lambda.invoke(
        route.integration.functionLogicalId,
        event,
      )) as APIGatewayProxyResult;
    } catch (error) {
      options.onError(error);
      return gatewayResponse(res, 'DEFAULT_5XX', 502);
    }
    if (!result || typeof result.statusCode !== 'number') return gatewayResponse(res, 'DEFAULT_5XX', 502);
    const responseHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(result.headers ?? {})) responseHeaders[k] = String(v);
    const payload = result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? '');
    send(res, result.statusCode, payload, responseHeaders);
  }

  async function authorize(
    route: Route,
    authorizer: Authorizer,
    method: string,
    path: string,
    headers: Record<string, string>,
    query: Record<string, string>,
    params: Record<string, string>,
  ): Promise<'unauthorized' | 'denied' | Record<string, unknown>> {
    const identityValues = authorizer.identitySources.map((source) => {
      const name = source.split('.').pop()?.toLowerCase() ?? '';
      return source.includes('.header.') ? headers[name] : query[name];
    });
    if (identityValues.some((v) => !v)) return 'unauthorized';
    const methodArn = `arn:aws:execute-api:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${API_ID}/${STAGE}/${method}${path}`;
    const cacheKey = `${authorizer.logicalId}|${identityValues.join('|')}`;
    let cached = authorizerCache.get(cacheKey);
    if (!cached || cached.until < Date.now()) {
      const event = {
        type: 'REQUEST',
        methodArn,
        resource: route.resourcePath,
        path,
        httpMethod: method,
        headers,
        multiValueHeaders: {},
        queryStringParameters: query,
        multiValueQueryStringParameters: {},
        pathParameters: params,
        stageVariables: {},
        requestContext: { accountId: LOCAL_ACCOUNT, apiId: API_ID, stage: STAGE, httpMethod: method, path },
      } as unknown as APIGatewayRequestAuthorizerEvent;
      let result: APIGatewayAuthorizerResult | null = null;
      try {
        result = (await options.lambda.invoke(
          String(authorizer.functionLogicalId),
          event,
        )) as APIGatewayAuthorizerResult;
      } catch (error) {
        if (!(error instanceof Error && error.message === 'Unauthorized')) options.onError(error);
        return 'unauthorized';
      }
      cached = { until: Date.now() + authorizer.ttlSeconds * 1000, result };
      authorizerCache.set(cacheKey, cached);
    }
    const result = cached.result;
    if (!result || !allows(result, methodArn)) return 'denied';
    return { ...(result.context ?? {}), principalId: result.principalId };
  }

  async function login(res: ServerResponse, body: Buffer): Promise<void> {
    const input = parseJson(body) as { username?: unknown; password?: unknown } | undefined;
    const session =
      input && typeof input.username === 'string' && typeof input.password === 'string'
        ? await options.identity.login(input.username, input.password)
        : null;
    // Cognito answers a wrong password as NotAuthorizedException; the local stand-in says so too.
    if (!session) return sendProblem(res, 401, 'invalid_credentials');
    send(res, 200, JSON.stringify(session), {
      'content-type': 'application/json',
      'cache-control': 'no-store',
    });
  }

  async function serveStatic(res: ServerResponse, pathname: string, method: string): Promise<void> {
    if (method !== 'GET' && method !== 'HEAD') return send(res, 405, '');
    const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(
      /^([/\\])+/,
      '',
    );
    if (relative.startsWith('..')) return send(res, 404, '');
    try {
      const content = await readFile(join(options.webRoot, relative));
      send(res, 200, content, {
        'content-type': CONTENT_TYPES[extname(relative)] ?? 'application/octet-stream',
        'x-content-type-options': 'nosniff',
      });
    } catch {
      send(res, 404, 'not found', { 'content-type': 'text/plain' });
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.onError(error);
      if (!res.headersSent) gatewayResponse(res, 'DEFAULT_5XX', 500);
    });
  });
  // Headers beyond Node's limit never reach `handle`: answer as the gateway answers, not empty.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
    const body = problemBody(status === 431 ? 'headers_too_large' : 'validation_failed');
    socket.end(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
        `content-type: application/json\r\ncache-control: no-store\r\nconnection: close\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
  // Idle connections stay open longer than clients keep theirs (fetch: 4 s), as CloudFront's do:
  // with Node's 5 s default a busy client could send on a socket the server was just closing.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}

function problemBody(code: MessageKey): string {
  return JSON.stringify({ error: { code, message: message(code) } });
}

/** An answer CloudFront gives by itself, in the API's bilingual error body. */
function sendProblem(res: ServerResponse, status: number, code: MessageKey): void {
  send(res, status, problemBody(code), { 'content-type': 'application/json', 'cache-control': 'no-store' });
}

function allows(result: APIGatewayAuthorizerResult, methodArn: string): boolean {
  const statements = result.policyDocument?.Statement ?? [];
  const matches = (resource: string | string[] | undefined) =>
    [resource ?? []]
      .flat()
      .some((r) => new RegExp(`^${String(r).split('*').map(escapeRegExp).join('.*')}$`).test(methodArn));
  const applicable = statements.filter((s) => 'Resource' in s && matches(s.Resource as string | string[]));
  return applicable.some((s) => s.Effect === 'Allow') && !applicable.some((s) => s.Effect === 'Deny');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The request's headers as they reach API Gateway through CloudFront. */
function throughEdge(req: IncomingMessage, edge: EdgeBehavior): Record<string, string> {
  let headers = headerMap(req);
  if (edge.viewerRequest) {
    const request = edge.viewerRequest(
      { headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, { value }])) },
      viewerAddress(req),
    );
    headers = Object.fromEntries(Object.entries(request.headers).map(([name, h]) => [name, h.value]));
  }
  // CloudFront's origin headers replace any a viewer sent under the same names.
  return { ...headers, ...edge.originHeaders };
}

/** The viewer's address, IPv4-mapped IPv6 as plain IPv4, as CloudFront reports it. */
function viewerAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:(?=\d+\.)/, '');
}

function headerMap(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function identity(
  req: IncomingMessage,
  headers: Record<string, string>,
): APIGatewayProxyEvent['requestContext']['identity'] {
  return {
    accessKey: null,
    accountId: null,
    apiKey: headers['x-api-key'] ?? null,
    apiKeyId: null,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
    user: null,
    userAgent: headers['user-agent'] ?? null,
    userArn: null,
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, headers);
  res.end(body);
}
