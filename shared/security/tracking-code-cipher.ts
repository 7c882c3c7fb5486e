import { createHmac } from 'node:crypto';
import { FF1 } from '@noble/ciphers/ff1.js';
import { isTrackingCodeBody, nthTrackingCodeBody, trackingCodeOf } from '../domain/tracking-code.ts';

/**
 * Sequence numbers to tracking codes with NIST FF1 format-preserving encryption (AES, radix 10)
 * over the ten-digit body: a permutation, so distinct sequence numbers give distinct codes with
 * no uniqueness check in the store, and without the key a code says nothing about its neighbours.
 * Bodies must not start with 0; FF1 maps ten digits to ten digits, so a result starting with 0
 * is encrypted again (cycle walking), which keeps the map a permutation of the valid bodies.
 */
export function trackingCodeCipher(secret: string): (sequence: number) => string {
  if (secret.length < 32) throw new Error('tracking code key must be at least 32 characters');
  // Its own key, derived from the deployment's secret, so the identity hashes and codes never share one.
  const key = createHmac('sha256', secret).update('tracking-code-ff1').digest().subarray(0, 16);
  const ff1 = FF1(10, key);
  const encrypt = (digits: string) => ff1.encrypt([...digits].map(Number)).join('');
  return (sequence) => {
    let body = encrypt(nthTrackingCodeBody(sequence));
    while (!isTrackingCodeBody(body)) body = encrypt(body);
    return trackingCodeOf(body);
  };
}
