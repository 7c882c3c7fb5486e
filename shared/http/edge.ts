/**
 * What CloudFront adds to API requests on their way to API Gateway, and the per-viewer limits
 * the API's WAF applies with it. One place, read by the stack and by the local cloud's gateway.
 */

/** The viewer's address as CloudFront saw it (an IPv6 viewer by its /64): the WAF's rate key. */
export const VIEWER_HEADER = 'x-pasokh-viewer';

/** A value only CloudFront knows (a generated secret): API calls that bypass it are refused. */
export const ORIGIN_VERIFY_HEADER = 'x-pasokh-origin-verify';

/** WAF's rate window. */
export const RATE_WINDOW_SECONDS = 300;

/**
 * Tracking lookups per viewer per window. A code locks after five wrong digits on its own;
 * this bounds how many codes one address can try. Mobile networks put many citizens behind
 * one address, so it is far above what one person needs.
 */
export const LOOKUPS_PER_VIEWER = 300;

/** Requests to the public routes per viewer per window: a county office sends a whole queue. */
export const PUBLIC_REQUESTS_PER_VIEWER = 1500;
