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

// Operator prefixes in use (MCI 0910–0919 and 0990–0994, Irancell 0930–0939 and 0900–0905,
// RighTel 0920–0922, Shatel 0998–0999, Samantel 0999, Aptel 0941 and the MVNOs on 0995–0999).
const PREFIXES_IN_USE = /^09(0[0-5]|1\d|2[0-2]|3\d|41|9\d)/;

/**
 * Whether a number's operator prefix is one in use. A citizen typing their own number is not
 * held to this (a new prefix must not lock anyone out); a number found in free text is, since a
 * misread digit or a number of another kind often makes an 09… run with an unused prefix.
 */
export function hasMobilePrefixInUse(national: string): boolean {
  return isValidMobile(national) && PREFIXES_IN_USE.test(national);
}

/** The last four digits: what a citizen types to prove a tracking code is theirs. */
export function mobileLastFour(national: string): string {
  return national.slice(-4);
}
