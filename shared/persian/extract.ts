import { toAsciiDigits } from './digits.ts';
import { normalizeMobile } from './mobile.ts';
import { isValidNationalId } from './national-id.ts';
import { normalizePersian } from './normalize.ts';
import { isValidPostalCode } from './postal-code.ts';

/**
 * Finds a mobile number, national ID and postal code in free text (letters, OCR output, phone notes).
 *
 * Digit runs are joined across single separators ("0912 345 6789", "۰۹۱۲-۳۴۵-۶۷۸۹"), typed by
 * the keyword just before them ("کد ملی", "کدپستی", "همراه"…) and kept only when they validate.
 * A national ID and a postal code are both ten digits: without a keyword a ten digit run counts
 * as a national ID only when its check digit holds and it cannot be a postal code, and a postal
 * code always needs its keyword. A wrong value is worse than none, so ambiguity gives null.
 */
export interface ExtractedContacts {
  mobile: string | null;
  nationalId: string | null;
  postalCode: string | null;
}

type Field = keyof ExtractedContacts;

const KEYWORDS: ReadonlyArray<{ field: Field; words: readonly string[] }> = [
  {
    field: 'nationalId',
    words: ['کد ملی', 'کدملی', 'شماره ملی', 'شناسه ملی', 'ش م', 'ش.م', 'national id', 'national code'],
  },
  { field: 'postalCode', words: ['کد پستی', 'کدپستی', 'کد پست', 'postal code', 'zip'] },
  { field: 'mobile', words: ['موبایل', 'همراه', 'تلفن', 'شماره تماس', 'تماس', 'mobile', 'phone'] },
];

const KEYWORD_WINDOW = 32;
const MAX_GROUPS = 4;
const MAX_DIGITS = 14;

interface DigitGroup {
  start: number;
  end: number;
}

interface Candidate {
  field: Field;
  value: string;
  keyword: boolean;
}

function digitGroups(text: string): DigitGroup[] {
  return [...text.matchAll(/\d+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** One short separator between two groups of the same number: a space, dash, dot or slash-free gap. */
function joinable(text: string, left: DigitGroup, right: DigitGroup): boolean {
  return /^ ?[-.]? ?$/.test(text.slice(left.end, right.start)) && right.start - left.end <= 3;
}

function keywordBefore(text: string, start: number): Field | null {
  const window = text
    .slice(Math.max(0, start - KEYWORD_WINDOW), start)
    .replaceAll('\u200C', '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  let best: { field: Field; at: number } | null = null;
  for (const { field, words } of KEYWORDS) {
    for (const word of words) {
      const at = window.lastIndexOf(word);
      if (at >= 0 && (best === null || at + word.length > best.at)) best = { field, at: at + word.length };
    }
  }
  return best?.field ?? null;
}

function classify(raw: string, digits: string, keyword: Field | null): Candidate | null {
  const mobile = normalizeMobile(raw);
  if (mobile !== null && (keyword === null || keyword === 'mobile')) {
    return { field: 'mobile', value: mobile, keyword: keyword === 'mobile' };
  }
  if (keyword === 'nationalId' && digits.length >= 8 && digits.length <= 10) {
    const padded = digits.padStart(10, '0');
    return isValidNationalId(padded) ? { field: 'nationalId', value: padded, keyword: true } : null;
  }
  if (keyword === 'postalCode') {
    return isValidPostalCode(digits) ? { field: 'postalCode', value: digits, keyword: true } : null;
  }
  if (keyword === null && digits.length === 10 && isValidNationalId(digits) && !isValidPostalCode(digits)) {
    return { field: 'nationalId', value: digits, keyword: false };
  }
  return null;
}

function candidates(text: string): Candidate[] {
  const groups = digitGroups(text);
  const found: Candidate[] = [];
  let i = 0;
  while (i < groups.length) {
    let taken = 0;
    // Longest joined run first, so "0912 345 6789" wins over "0912".
    for (let n = Math.min(MAX_GROUPS, groups.length - i); n >= 1 && taken === 0; n--) {
      const run = groups.slice(i, i + n);
      if (!run.every((g, k) => k === 0 || joinable(text, run[k - 1] as DigitGroup, g))) continue;
      const first = run[0] as DigitGroup;
      const last = run[n - 1] as DigitGroup;
      const plus = text[first.start - 1] === '+';
      const raw = `${plus ? '+' : ''}${text.slice(first.start, last.end)}`;
      const digits = raw.replace(/\D/g, '');
      if (digits.length > MAX_DIGITS) continue;
      const candidate = classify(raw, digits, keywordBefore(text, first.start - (plus ? 1 : 0)));
      if (candidate !== null) {
        found.push(candidate);
        taken = n;
      }
    }
    i += Math.max(taken, 1);
  }
  return found;
}

export function extractContacts(input: string): ExtractedContacts {
  const text = toAsciiDigits(normalizePersian(input));
  const found = candidates(text);
  const pick = (field: Field): string | null =>
    (found.find((c) => c.field === field && c.keyword) ?? found.find((c) => c.field === field))?.value ??
    null;
  return { mobile: pick('mobile'), nationalId: pick('nationalId'), postalCode: pick('postalCode') };
}
