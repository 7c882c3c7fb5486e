import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { call } from './api-client.ts';
import type { CloudCredentials } from './local-cloud.ts';
import { signedFetch } from './signed-fetch.ts';

/** Who can call the API: the rows of the authorization matrix and the fuzz harness's callers. */
export const PRINCIPALS = [
  'anonymous',
  /** Knows a tracking code, not the mobile it was filed with. */
  'citizen',
  /** Knows the tracking code and the mobile's last four digits (the second factor). */
  'citizen-verified',
  'operator',
  'reviewer',
  'supervisor',
  'admin',
  /** The ops group's staff token, and the operations role's signing key on the ops API. */
  'ops',
  /** A county office's operator and reviewer, limited to a county other than the fixtures'. */
  'county-staff',
  'agency-a',
  'agency-b',
] as const;
export type Principal = (typeof PRINCIPALS)[number];

/** A route of the running local cloud's API (local-cloud.json lists them). */
export interface ApiRoute {
  method: string;
  resourcePath: string;
  authorization: 'NONE' | 'CUSTOM' | 'COGNITO_USER_POOLS' | 'AWS_IAM';
  apiKeyRequired: boolean;
}

export function routeTable(dataDir: string): ApiRoute[] {
  return (JSON.parse(readFileSync(join(dataDir, 'local-cloud.json'), 'utf8')) as { routes: ApiRoute[] })
    .routes;
}

export const routeKey = (route: Pick<ApiRoute, 'method' | 'resourcePath'>) =>
  `${route.method} ${route.resourcePath}`;

export interface Sent {
  status: number;
  text: string;
  headers: { get(name: string): string | null };
}

/**
 * Sends requests as each principal: staff with their Cognito token, agencies with their API key,
 * ops with its signing key on IAM routes, citizens and the anonymous with nothing.
 */
/** The part of `fetch` the clients use (global fetch, or a viewer's from viewers.ts). */
type Fetch = (
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string | Buffer },
) => Promise<{
  status: number;
  headers: Headers | { get(name: string): string | null };
  text(): Promise<string>;
}>;

export async function principalClients(
  base: string,
  credentials: CloudCredentials,
  agencies: { a: string; b: string },
  fetchImpl: Fetch = fetch as unknown as Fetch,
) {
  const tokens = new Map<string, string>();
  for (const role of ['operator', 'reviewer', 'supervisor', 'admin', 'ops']) {
    const staff = credentials.staff.find((s) => s.roles.includes(role));
    const login = await call('POST', '/api/v1/local/login', {
      body: { username: staff?.username, password: staff?.password },
    });
    if (login.status !== 200) throw new Error(`cannot log in as ${role}: ${login.status}`);
    tokens.set(role, String(login.body.token));
  }
  const office = credentials.staff.find((s) => s.county !== undefined);
  const officeLogin = await call('POST', '/api/v1/local/login', {
    body: { username: office?.username, password: office?.password },
  });
  if (officeLogin.status !== 200) throw new Error(`cannot log in as a county office: ${officeLogin.status}`);
  tokens.set('county-staff', String(officeLogin.body.token));
  const apiKey = (id: string) => credentials.agencies.find((a) => a.id === id)?.apiKey as string;
  const headersOf = (principal: Principal): Record<string, string> => {
    if (principal === 'agency-a') return { 'x-api-key': apiKey(agencies.a) };
    if (principal === 'agency-b') return { 'x-api-key': apiKey(agencies.b) };
    const token = tokens.get(principal);
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  return async function send(
    principal: Principal,
    route: ApiRoute,
    path: string,
    request: { body?: string | Buffer; contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<Sent> {
    const url = `${base}${path}`;
    const body = request.body;
    let response: Awaited<ReturnType<Fetch>>;
    if (principal === 'ops' && route.authorization === 'AWS_IAM') {
      response = await signedFetch(url, {
        method: route.method,
        ...(body !== undefined ? { body: body.toString() } : {}),
        accessKeyId: 'local',
        secretAccessKey: 'local',
      });
    } else {
      response = await fetchImpl(url, {
        method: route.method,
        headers: {
          ...headersOf(principal),
          ...(body !== undefined ? { 'content-type': request.contentType ?? 'application/json' } : {}),
          ...(request.headers ?? {}),
        },
        ...(body !== undefined ? { body } : {}),
      });
    }
    return { status: response.status, text: await response.text(), headers: response.headers };
  };
}
