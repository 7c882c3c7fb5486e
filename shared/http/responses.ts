import { createHash } from 'node:crypto';
import type { APIGatewayProxyResult } from 'aws-lambda';

/** Headers on every API response: JSON, never cached (answers may concern one citizen), no sniffing. */
export const API_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=63072000; includeSubDomains',
};

export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return { statusCode, headers: { ...API_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/**
 * A GET answer that a client polling often can revalidate: the body's hash is its ETag, and a
 * request whose If-None-Match names it gets 304 with no body (the query still runs; the
 * transfer and the client's work do not).
 */
export function revalidated(
  ifNoneMatch: string | undefined,
  response: APIGatewayProxyResult,
): APIGatewayProxyResult {
  const etag = `"${createHash('sha256').update(response.body).digest('base64url').slice(0, 27)}"`;
  const headers = { ...response.headers, 'cache-control': 'private, no-cache', etag };
  const matches = (ifNoneMatch ?? '')
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === etag || tag === '*');
  return matches ? { statusCode: 304, headers, body: '' } : { ...response, headers };
}
