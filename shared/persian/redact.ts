import { extractContacts } from './extract.ts';

/**
 * Numbers that identify a person (mobile and landline numbers, national IDs, postal codes,
 * card and account numbers) removed from text meant for the public: any run of seven or more
 * digits, in any digit script, even written in groups («۰۹۱۸ ۱۲۳ ۴۵۶۷», «0918-123-4567», «۰۹۱۸_۱۲۳_۴۵۶۷»); amounts grouped by thousands («۵۰۰,۰۰۰,۰۰۰ ریال») stay.
 * Shorter numbers (amounts, days, house numbers) and dates («۱۴۰۵/۰۹/۱۰») stay.
 */
const DIGIT = '[0-9\\u06F0-\\u06F9\\u0660-\\u0669]';
const LONG_NUMBER = new RegExp(`${DIGIT}(?:[\\s\\u00A0.\\-_]?${DIGIT}){6,}`, 'g');
export const REDACTED_NUMBER = '[شماره حذف شد]';
export const REDACTED_NAME = '[نام حذف شد]';
/** What is published instead of a note the redaction could not make safe. */
export const WITHHELD_NOTE = 'پاسخ دستگاه ثبت شد.';

export function redactLongNumbers(text: string): string {
  return text.replace(LONG_NUMBER, REDACTED_NUMBER);
}

/** Letters written more than one way (Arabic and Persian yeh and kaf, teh marbuta, heh). */
const VARIANTS: Record<string, string> = {
  ی: '[یيى]',
  ي: '[یيى]',
  ى: '[یيى]',
  ک: '[کك]',
  ك: '[کك]',
  ه: '[هةۀ]',
  ة: '[هةۀ]',
};
const LETTER = '\\u0600-\\u06FF\\u200C';
const escapeRegExp = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function namePattern(name: string): RegExp | undefined {
  const letters = [...name.trim().replace(/\u200C/g, '')];
  if (letters.length < 2) return undefined;
  // A whole word, letters in any of their forms, a zero-width non-joiner allowed between them.
  const body = letters.map((c) => VARIANTS[c] ?? escapeRegExp(c)).join('\\u200C?');
  return new RegExp(`(?<![${LETTER}A-Za-z])${body}(?![${LETTER}A-Za-z])`, 'gu');
}

export interface PublicText {
  text: string;
  /** What was taken out, for the moderator: kinds only, never the values. */
  removed: Array<'number' | 'name' | 'withheld'>;
}

/**
 * Text an agency or staff wrote for the public (a summary on the tracking page, a ticker line, a
 * feed item), made safe to publish: long numbers and the citizen's own names removed; then the
 * contact-detail extractor reads what is left, and a note in which it still finds a mobile,
 * national ID or postal code is withheld whole.
 */
export function redactForPublic(text: string, names: ReadonlyArray<string | null | undefined>): PublicText {
  const removed: PublicText['removed'] = [];
  let out = text.replace(LONG_NUMBER, () => {
    removed.push('number');
    return REDACTED_NUMBER;
  });
  for (const name of names) {
    const pattern = name ? namePattern(name) : undefined;
    if (!pattern) continue;
    out = out.replace(pattern, () => {
      removed.push('name');
      return REDACTED_NAME;
    });
  }
  const left = extractContacts(out);
  if (left.mobile || left.nationalId || left.postalCode)
    return { text: WITHHELD_NOTE, removed: [...removed, 'withheld'] };
  return { text: out, removed };
}
