import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { HttpError } from '../http-error.ts';

/** Same as API Gateway's own request validation would: JSON only, bounded, parseable. */
export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

const BODILESS_METHODS = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** C0 controls and DEL, except tab and newline: never meaningful in a request, risky downstream. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F]/g;
const withoutControls = (_key: string, value: unknown) =>
  typeof value === 'string' ? value.replace(CONTROLS, '') : value;

export type JsonEvent = Omit<APIGatewayProxyEvent, 'body'> & { body: unknown };

/**
 * Parses a JSON body: 415 for another content type, 413 over the size limit, 400 for malformed
 * or missing JSON or invalid UTF-8; control characters other than tab and newline are dropped
 * from every string (a carriage return too: line ends are newlines). Written here rather than @middy/http-json-body-parser because its errors are
 * English-only and it has no size limit.
 */
export function jsonBody(
  options: { limitBytes?: number; allowEmpty?: boolean } = {},
): MiddlewareObj<APIGatewayProxyEvent, APIGatewayProxyResult> {
  const limit = options.limitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  return {
    before: (request) => {
      const event = request.event;
      // Reads carry no body: a function serving GET and POST parses only the POST.
      if (BODILESS_METHODS.has((event.httpMethod ?? 'POST').toUpperCase())) return;
      // Actions such as "submit" are a POST with nothing to say; the handler validates the rest.
      if (options.allowEmpty && !event.body) {
        (event as unknown as JsonEvent).body = undefined;
        return;
      }
      const contentType = Object.entries(event.headers ?? {}).find(
        ([name]) => name.toLowerCase() === 'content-type',
      )?.[1];
      if (!contentType || !/^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i.test(contentType)) {
        throw new HttpError(415, 'unsupported_media_type');
      }
      const raw = event.body ?? '';
      const bytes = event.isBase64Encoded ? Buffer.from(raw, 'base64') : Buffer.from(raw, 'utf8');
      if (bytes.length > limit) throw new HttpError(413, 'payload_too_large', { limit });
      if (bytes.length === 0) throw new HttpError(400, 'body_required');
      let text: string;
      try {
        text = UTF8.decode(bytes);
      } catch {
        throw new HttpError(400, 'invalid_encoding');
      }
      // API Gateway hands a text body over already decoded, invalid bytes replaced by U+FFFD.
      if (!event.isBase64Encoded && text.includes('\uFFFD')) throw new HttpError(400, 'invalid_encoding');
      try {
        (event as unknown as JsonEvent).body = JSON.parse(text, withoutControls);
      } catch {
        throw new HttpError(400, 'malformed_json');
      }
    },
  };
}
