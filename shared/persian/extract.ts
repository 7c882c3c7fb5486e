import { toAsciiDigits } from './digits.ts';
import { hasMobilePrefixInUse, normalizeMobile } from './mobile.ts';
import { isValidNationalId } from './national-id.ts';
import { normalizePersian } from './normalize.ts';
import { isValidPostalCode } from './postal-code.ts';

/**
 * Finds a mobile number, national ID and postal code in free text (letters, OCR output, phone notes).
 *
 * Digit runs are joined across short separators ("0912 345 6789", "۰۹۱۲-۳۴۵-۶۷-۸۹",
 * "+98 918 765 4321"), typed by the keyword just before them ("کد ملی", "کدپستی", "همراهم"…)
 * and kept only when they validate. Numbers of other kinds (card, bill, case, tracking and
 * landline numbers) are recognised by their own keywords and never taken. A national ID and a
 * postal code are both ten digits: without a keyword a ten digit run counts as a national ID only
 * when its check digit holds and it cannot be a postal code, and a postal code always needs its
 * keyword. A wrong value is worse than none, so ambiguity gives null.
 */
export interface ExtractedContacts {
  mobile: string | null;
  nationalId: string | null;
  postalCode: string | null;
}

type Field = keyof ExtractedContacts;
/** What a keyword says the number after it is: one of the fields, or another kind of number. */
type Kind = Field | 'other';

// Matched on text with ZWNJ removed and spaces folded, so «شماره‌ام» is «شمارهام». The keyword
// ending last before a number decides its kind: «شماره پرونده» beats «شماره», «تلفن ثابت» beats «تلفن».
const KEYWORDS: ReadonlyArray<{ kind: Kind; words: readonly string[] }> = [
  {
    kind: 'nationalId',
    words: ['کد ملی', 'کدملی', 'شماره ملی', 'شناسه ملی', 'ش م', 'ش.م', 'national id', 'national code'],
  },
  { kind: 'postalCode', words: ['کد پستی', 'کدپستی', 'کد پست', 'postal code', 'zip'] },
  {
    kind: 'mobile',
    words: [
      'موبایل',
      'مبایل',
      'همراه',
      'تلفن',
      'تلفنم',
      'شماره',
      'شمارهام',
      'شمارهم',
      'شمارم',
      'شماره تماس',
      'شماره تماسم',
      'تماس',
      'mobile',
      'phone',
      'tel',
    ],
  },
  {
    kind: 'other',
    words: [
      'کارت',
      'شبا',
      'حساب',
      'قبض',
      'شناسه قبض',
      'شناسه پرداخت',
      'اشتراک',
      'پرونده',
      'کلاسه',
      'دادنامه',
      'رهگیری',
      'کد پیگیری',
      'شماره نامه',
      'نامه شماره',
      'ثابت',
      'شناسنامه',
      'پلاک',
      'کنتور',
      'بدنه',
      'قرارداد',
      'سریال',
      'فاکتور',
      'چک',
      'مبلغ',
      'card',
      'account',
    ],
  },
];

const KEYWORD_WINDOW = 32;
const MAX_GROUPS = 5;
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

/**
 * One short separator between two groups of the same number: a space, dash, dot or bracket.
 * A lone 9 joins nothing: it is the conjunction «و» as OCR often reads it, not part of a number.
 */
function joinable(text: string, left: DigitGroup, right: DigitGroup): boolean {
  if (text.slice(left.start, left.end) === '9' || text.slice(right.start, right.end) === '9') return false;
  return right.start - left.end <= 3 && /^ ?[-.()]? ?$/.test(text.slice(left.end, right.start));
}

function keywordBefore(text: string, start: number): Kind | null {
  const window = text
    .slice(Math.max(0, start - KEYWORD_WINDOW), start)
    .replaceAll('\u200C', '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  let best: { kind: Kind; end: number; length: number } | null = null;
  for (const { kind, words } of KEYWORDS) {
    for (const word of words) {
      const at = window.lastIndexOf(word);
      if (at < 0) continue;
      const end = at + word.length;
      // The keyword nearest the number wins; of two ending together, the longer one.
      if (best === null || end > best.end || (end === best.end && word.length > best.length))
        best = { kind, end, length: word.length };
    }
  }
  return best?.kind ?? null;
}

/** A mobile as written: with its 0, +98 or 0098, or bare after a mobile keyword. */
function mobileOf(raw: string, digits: string, keyword: Kind | null): string | null {
  const mobile = normalizeMobile(raw);
  if (mobile === null || !hasMobilePrefixInUse(mobile)) return null;
  const prefixed = raw.startsWith('+') || digits.startsWith('0');
  return prefixed || keyword === 'mobile' ? mobile : null;
}

function classify(raw: string, digits: string, keyword: Kind | null): Candidate | null {
  if (keyword === 'other') return null;
  if (keyword === null || keyword === 'mobile') {
    const mobile = mobileOf(raw, digits, keyword);
    if (mobile !== null) return { field: 'mobile', value: mobile, keyword: keyword === 'mobile' };
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
      const plus = text[first.start - 1] === '+' || text.slice(first.start - 2, first.start) === '+ ';
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
