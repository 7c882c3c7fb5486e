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
