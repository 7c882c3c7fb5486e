import { createHmac } from 'node:crypto';
import type { IdentityHasher } from '../domain/citizen.ts';

/**
 * HMAC-SHA256 with a secret key: without the key, a hash cannot be tested against the small
 * space of possible mobile numbers or national IDs. A label separates the two kinds of value.
 */
export function createIdentityHasher(secret: string): IdentityHasher {
  if (secret.length < 32) throw new Error('identity hash key must be at least 32 characters');
  const hash = (label: string, value: string) =>
    createHmac('sha256', secret).update(`${label}:${value}`).digest('base64url').slice(0, 32);
  return {
    mobile: (mobile) => hash('mobile', mobile),
    nationalId: (nationalId) => hash('national-id', nationalId),
  };
}
