import type { APIGatewayProxyEvent } from 'aws-lambda';
import { HttpError } from './http-error.ts';

/** A request header, whatever its case (API Gateway passes them as the client sent them). */
export function header(
  event: { headers?: Record<string, string | undefined> | null },
  name: string,
): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/** The agency the authorizer proved the caller to be; agency routes cannot run without one. */
export function authorizedAgencyId(event: Pick<APIGatewayProxyEvent, 'requestContext'>): string {
  const agencyId = event.requestContext.authorizer?.agencyId;
  if (typeof agencyId !== 'string' || agencyId.length === 0) throw new HttpError(403, 'forbidden');
  return agencyId;
}

/** Staff roles that may change a case: classify, transcribe, merge, re-route. */
export const REVIEWER_ROLES: readonly string[] = ['reviewer', 'supervisor', 'admin'];

/** Staff roles that register requests and scan paper letters for citizens. */
export const OPERATOR_ROLES: readonly string[] = ['operator', 'supervisor', 'admin'];

/** An id from the path; an empty or overlong one is a 404 before any lookup. */
export function pathId(event: Pick<APIGatewayProxyEvent, 'pathParameters'>, name: string): string {
  const id = event.pathParameters?.[name] ?? '';
  if (id.length === 0 || id.length > 64) throw new HttpError(404, 'not_found');
  return id;
}

export interface StaffIdentity {
  username: string;
  groups: string[];
  /** The county a county office's account is limited to; null for the province's staff. */
  county: string | null;
}

/**
 * The signed-in staff member, from the Cognito authorizer's claims. API Gateway passes
 * `cognito:groups` as a string ("a,b" or "[a b]"); both forms are accepted.
 */
export function staffIdentity(
  event: Pick<APIGatewayProxyEvent, 'requestContext'>,
  allowed: readonly string[],
): StaffIdentity {
  const claims = event.requestContext.authorizer?.claims as Record<string, unknown> | undefined;
  const username = claims?.['cognito:username'] ?? claims?.username;
  if (typeof username !== 'string' || username.length === 0) throw new HttpError(401, 'unauthorized');
  const raw = claims?.['cognito:groups'];
  const groups = (
    Array.isArray(raw)
      ? raw.map(String)
      : String(raw ?? '')
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
  )
    .map((g) => g.trim())
    .filter(Boolean);
  if (!groups.some((g) => allowed.includes(g))) throw new HttpError(403, 'forbidden');
  // Cognito's custom attribute; a value that is not a county code scopes the account to nothing.
  const scope = claims?.['custom:county'];
  const county = typeof scope === 'string' && scope.length > 0 ? scope : null;
  if (county !== null && !/^[A-Z][A-Z_]{1,29}$/.test(county)) throw new HttpError(403, 'forbidden');
  return { username, groups, county };
}
