import { digitsOnly } from './digits.ts';

/**
 * Iranian national ID (کد ملی): ten digits, the last a check digit over the first nine.
 * Older cards drop leading zeros, so eight and nine digit forms are padded. Prefixes are not
 * checked against a list of issuing offices: new offices appear and a valid code must never be refused.
 */
export function normalizeNationalId(input: string): string | null {
  const raw = input.trim();
  if (!/^[\d\u06F0-\u06F9\u0660-\u0669\s-]+$/.test(raw)) return null;
  const digits = digitsOnly(raw);
  if (digits.length < 8 || digits.length > 10) return null;
  const code = digits.padStart(10, '0');
  return isValidNationalId(code) ? code : null;
}

/** True for a ten ASCII digit code whose check digit matches (repeated-digit codes are refused). */
export function isValidNationalId(code: string): boolean {
  if (!/^\d{10}$/.test(code)) return false;
  if (/^(\d)\1{9}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(code[i]) * (10 - i);
  const remainder = sum % 11;
  const expected = remainder < 2 ? remainder : 11 - remainder;
  return Number(code[9]) === expected;
}
