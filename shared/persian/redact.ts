/**
 * Numbers that identify a person (mobile and landline numbers, national IDs, postal codes,
 * card and account numbers) removed from text meant for the public: any run of seven or more
 * digits, in any digit script, even written in groups («۰۹۱۸ ۱۲۳ ۴۵۶۷», «0918-123-4567»).
 * Shorter numbers (amounts, days, house numbers) and dates («۱۴۰۵/۰۹/۱۰») stay.
 */
const DIGIT = '[0-9\\u06F0-\\u06F9\\u0660-\\u0669]';
const LONG_NUMBER = new RegExp(`${DIGIT}(?:[\\s\\u00A0.\\-]?${DIGIT}){6,}`, 'g');
export const REDACTED_NUMBER = '[شماره حذف شد]';

export function redactLongNumbers(text: string): string {
  return text.replace(LONG_NUMBER, REDACTED_NUMBER);
}
