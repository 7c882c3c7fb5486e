import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token in the confirmation SMS sent to a number OCR read: only whoever received that SMS
 * holds it, so presenting it proves the number reaches the letter's writer. Derived from the
 * deployment's key, the ticket and the number: nothing to store, and a corrected number needs a
 * new token.
 */
export function mobileConfirmationToken(key: string, ticketId: string, mobile: string): string {
  return createHmac('sha256', key)
    .update(`mobile-confirmation:${ticketId}:${mobile}`)
    .digest('base64url')
    .slice(0, 16);
}

export function isMobileConfirmationToken(
  key: string,
  ticketId: string,
  mobile: string,
  given: string,
): boolean {
  const expected = Buffer.from(mobileConfirmationToken(key, ticketId, mobile));
  const presented = Buffer.from(given);
  return expected.length === presented.length && timingSafeEqual(expected, presented);
}
