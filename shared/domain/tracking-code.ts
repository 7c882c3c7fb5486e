import { randomInt } from 'node:crypto';
import { digitsOnly, toPersianDigits } from '../persian/digits.ts';

/**
 * Tracking codes (کد رهگیری): ten random digits and a Verhoeff check digit, eleven in all.
 * Verhoeff catches every single-digit error and every adjacent transposition, the two mistakes
 * people make reading a number over the phone. A code's ten digits are a keyed permutation of a
 * sequence number (shared/security/tracking-code-cipher.ts): unique because sequence numbers
 * are, and as unguessable as random digits without the key.
 */

const MULTIPLICATION: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const PERMUTATION: readonly (readonly number[])[] = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INVERSE = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9] as const;

const at = (table: readonly (readonly number[])[], row: number, col: number): number =>
  (table[row] as readonly number[])[col] as number;

function verhoeffChecksum(digits: string, withCheckDigit: boolean): number {
  let c = 0;
  const reversed = [...digits].reverse();
  for (let i = 0; i < reversed.length; i++) {
    const position = withCheckDigit ? i : i + 1;
    c = at(MULTIPLICATION, c, at(PERMUTATION, position % 8, Number(reversed[i])));
  }
  return c;
}

export function verhoeffCheckDigit(digits: string): number {
  return INVERSE[verhoeffChecksum(digits, false)] as number;
}

export const TRACKING_CODE_LENGTH = 11;

export function isValidTrackingCode(code: string): boolean {
  return /^[1-9]\d{10}$/.test(code) && verhoeffChecksum(code, true) === 0;
}

/** How many codes there are: ten-digit bodies whose first digit is not 0 (spreadsheets and phones keep all eleven digits). */
export const TRACKING_CODE_BODIES = 9_000_000_000;
const FIRST_BODY = 1_000_000_000;

/** Whether ten digits can be a code's body. */
export const isTrackingCodeBody = (digits: string): boolean => /^[1-9]\d{9}$/.test(digits);

/** The code whose body is these ten digits: the body and its check digit. */
export function trackingCodeOf(body: string): string {
  if (!isTrackingCodeBody(body))
    throw new RangeError('a tracking code body is ten digits, not starting with 0');
  return `${body}${verhoeffCheckDigit(body)}`;
}

/** The n-th body in order (before any permutation): 0 is 1000000000. */
export function nthTrackingCodeBody(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n >= TRACKING_CODE_BODIES)
    throw new RangeError('tracking code sequence exhausted');
  return String(FIRST_BODY + n);
}

/** A random code, for tests and examples: registered tickets get theirs from a sequence. */
export function randomTrackingCode(draw: (min: number, max: number) => number = randomInt): string {
  let body = String(draw(1, 10));
  for (let i = 1; i < 10; i++) body += String(draw(0, 10));
  return trackingCodeOf(body);
}

/** Accepts what a citizen types or reads out: any digit script, spaces and dashes. */
export function parseTrackingCode(input: string): string | null {
  if (!/^[\d\u06F0-\u06F9\u0660-\u0669\s-]+$/.test(input.trim())) return null;
  const digits = digitsOnly(input);
  return isValidTrackingCode(digits) ? digits : null;
}

/** Grouped 4-3-4 for reading aloud: 1234-567-8901. */
export function formatTrackingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 7)}-${code.slice(7)}`;
}

/** As an operator reads it back to a caller: grouped, in Persian digits (۱۲۳۴-۵۶۷-۸۹۰۱). */
export function spokenTrackingCode(code: string): string {
  return toPersianDigits(formatTrackingCode(code));
}
