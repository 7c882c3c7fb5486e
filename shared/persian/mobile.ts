import { toAsciiDigits } from './digits.ts';

/**
 * Iranian mobile numbers, normalized to the national form `09xxxxxxxxx`.
 * Accepts +98, 0098, 98 and 0 prefixes or none, any digit script, and spaces, dashes, dots
 * or parentheses between digits.
 */
export function normalizeMobile(input: string): string | null {
  const ascii = toAsciiDigits(input).trim();
  if (!/^\+?[\d\s\-.()]+$/.test(ascii)) return null;
  const hasPlus = ascii.startsWith('+');
  const digits = ascii.replace(/\D/g, '');
  let national: string;
  if (hasPlus) {
    if (!digits.startsWith('98')) return null;
    national = `0${digits.slice(2)}`;
  } else if (digits.startsWith('0098')) {
    national = `0${digits.slice(4)}`;
  } else if (digits.startsWith('98') && digits.length === 12) {
    national = `0${digits.slice(2)}`;
  } else if (digits.startsWith('9') && digits.length === 10) {
    national = `0${digits}`;
  } else {
    national = digits;
  }
  return isValidMobile(national) ? national : null;
}

export function isValidMobile(national: string): boolean {
  return /^09\d{9}$/.test(national);
}

/** The last four digits: what a citizen types to prove a tracking code is theirs. */
export function mobileLastFour(national: string): string {
  return national.slice(-4);
}
