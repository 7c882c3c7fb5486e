import { digitsOnly } from './digits.ts';

/**
 * Iranian postal code (کد پستی): ten digits. The national post's numbering never uses 0 or 2 in
 * the first four digits, nor 0, 2 or 5 in the fifth, nor 2 in the last five; a run of four equal
 * leading digits marks a placeholder such as 1111111111.
 */
const POSTAL_CODE = /^(?!(\d)\1{3})[13-9]{4}[1346-9][013-9]{5}$/;

export function isValidPostalCode(code: string): boolean {
  return POSTAL_CODE.test(code);
}

export function normalizePostalCode(input: string): string | null {
  if (!/^[\d\u06F0-\u06F9\u0660-\u0669\s-]+$/.test(input.trim())) return null;
  const digits = digitsOnly(input);
  return isValidPostalCode(digits) ? digits : null;
}
