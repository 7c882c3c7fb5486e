import { type MessageKey, message } from '../domain/messages.ts';

/**
 * The answers API Gateway gives by itself (before any function runs), in the same bilingual
 * error body as the functions. The CDK api construct installs them as gateway responses and the
 * local gateway answers with them, so a refused request looks alike in both places.
 */
export const GATEWAY_RESPONSES = {
  ACCESS_DENIED: { statusCode: 403, code: 'forbidden' },
  INVALID_SIGNATURE: { statusCode: 403, code: 'forbidden' },
  INVALID_API_KEY: { statusCode: 403, code: 'api_key_invalid' },
  UNAUTHORIZED: { statusCode: 401, code: 'unauthorized' },
  MISSING_AUTHENTICATION_TOKEN: { statusCode: 404, code: 'route_not_found' },
  THROTTLED: { statusCode: 429, code: 'too_many_requests' },
  QUOTA_EXCEEDED: { statusCode: 429, code: 'too_many_requests' },
  WAF_FILTERED: { statusCode: 403, code: 'forbidden' },
  BAD_REQUEST_BODY: { statusCode: 400, code: 'validation_failed' },
  BAD_REQUEST_PARAMETERS: { statusCode: 400, code: 'validation_failed' },
  REQUEST_TOO_LARGE: { statusCode: 413, code: 'payload_too_large' },
  UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, code: 'unsupported_media_type' },
  DEFAULT_5XX: { statusCode: 500, code: 'internal_error' },
} as const satisfies Record<string, { statusCode: number; code: MessageKey }>;

export type GatewayResponseType = keyof typeof GATEWAY_RESPONSES;

export function gatewayResponseBody(type: GatewayResponseType): string {
  const { code } = GATEWAY_RESPONSES[type];
  return JSON.stringify({ error: { code, message: message(code, { limit: 10_485_760 }) } });
}
