import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { LOCAL_ACCOUNT } from '../cloudformation/intrinsics.ts';
import { isAllowed, type Permission, type Statement } from './policy.ts';
import { type ApiRequest, accessKeyOf, type PermissionsOf } from './requests.ts';

/**
 * IAM in front of a local service: a function's request goes through only if its execution
 * role's policies (from the template) allow every permission the request needs; otherwise it
 * gets AWS's AccessDenied answer and the service never sees it. Functions are told the
 * gatekeeper's address as their endpoint; the local cloud's own clients go straight to the
 * service. Granted calls are recorded (grants nobody uses can be listed; calls per request counted).
 */
export interface Principal {
  functionId: string;
  statements: readonly Statement[];
}

export type DeniedStyle = 'json' | 'xml';

/** What functions did through the gatekeepers: the permissions they used and their calls per service. */
export class AccessLog {
  private readonly used = new Map<string, Set<string>>();
  private readonly calls = new Map<string, Record<string, number>>();

  record(functionId: string, permission: Permission): void {
    const set = this.used.get(functionId) ?? new Set<string>();
    set.add(`${permission.action} ${permission.resource}`);
    this.used.set(functionId, set);
  }

  call(functionId: string, service: string): void {
    const counts = this.calls.get(functionId) ?? {};
    counts[service] = (counts[service] ?? 0) + 1;
    this.calls.set(functionId, counts);
  }

  permissionsUsed(): Record<string, string[]> {
    return Object.fromEntries([...this.used].map(([id, set]) => [id, [...set].sort()]));
  }

  /** Calls made so far, by function and service. */
  callCounts(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.calls].map(([id, counts]) => [id, { ...counts }]));
  }
}

/**
 * Failures tests arm on purpose: the next `count` calls of an action by functions whose id
 * starts with `functionPrefix` get a non-retryable error (ValidationException) instead of an
 * answer, to prove the workflow's redrive and repair paths.
 */
export class InjectedFaults {
  private readonly armed: Array<{ service: string; action: string; functionPrefix: string; count: number }> =
    [];

  arm(fault: { service: string; action: string; functionPrefix?: string; count: number }): void {
    this.armed.push({ functionPrefix: '', ...fault });
  }

  take(service: string, action: string, functionId: string): boolean {
    const fault = this.armed.find(
      (f) =>
        f.count > 0 &&
        f.service === service &&
        f.action === action &&
        functionId.startsWith(f.functionPrefix),
    );
    if (!fault) return false;
    fault.count--;
    return true;
  }

  pending(): Array<{ service: string; action: string; functionPrefix: string; count: number }> {
    return this.armed.filter((f) => f.count > 0);
  }
}

export function gatekeeper(options: {
  upstream: string;
  principals: ReadonlyMap<string, Principal>;
  permissionsOf: PermissionsOf;
  /** The service's name in the access log (dynamodb, sqs …). */
  service: string;
  denied: DeniedStyle;
  log: AccessLog;
  faults?: InjectedFaults;
}): Server {
  const upstream = new URL(options.upstream);
  return createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const apiRequest: ApiRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const key = accessKeyOf(apiRequest);
      const principal = key ? options.principals.get(key) : undefined;
      if (principal) {
        options.log.call(principal.functionId, options.service);
        const action = String(req.headers['x-amz-target'] ?? '').replace(/^[^.]*\./, '');
        if (options.faults?.take(options.service, action, principal.functionId)) {
          res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(
            JSON.stringify({
              __type: 'com.amazon.coral.validate#ValidationException',
              message: 'injected fault',
            }),
          );
          return;
        }
        for (const permission of options.permissionsOf(apiRequest)) {
          if (!isAllowed(principal.statements, permission)) {
            deny(res, options.denied, principal.functionId, permission);
            return;
          }
          options.log.record(principal.functionId, permission);
        }
      }
      forward(req, apiRequest.body, upstream, res);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
    });
  });
}

function forward(req: IncomingMessage, body: Buffer, upstream: URL, res: import('node:http').ServerResponse) {
  const proxied = httpRequest(
    {
      host: upstream.hostname,
      port: upstream.port,
      method: req.method,
      path: req.url,
      headers: { ...req.headers, host: upstream.host },
    },
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  proxied.on('error', () => {
    if (!res.headersSent) res.writeHead(502).end();
    else res.destroy();
  });
  proxied.end(body);
}

function deny(
  res: import('node:http').ServerResponse,
  style: DeniedStyle,
  functionId: string,
  permission: Permission,
) {
  const message = `User: arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${functionId}-role/${functionId} is not authorized to perform: ${permission.action} on resource: ${permission.resource} because no identity-based policy allows the ${permission.action} action`;
  if (style === 'xml') {
    res.writeHead(403, { 'content-type': 'application/xml' });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>${message}</Message></Error>`,
    );
    return;
  }
  res.writeHead(400, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-query-error': 'AccessDenied;Sender',
  });
  res.end(JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', message }));
}
