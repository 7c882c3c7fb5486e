/** Digit scripts citizens type: Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669). */
const PERSIAN_ZERO = 0x06f0;
const ARABIC_INDIC_ZERO = 0x0660;

/** Folds Persian and Arabic-Indic digits to ASCII, for processing (validation, matching, indexing). */
export function toAsciiDigits(text: string): string {
  return text.replace(/[\u06F0-\u06F9\u0660-\u0669]/g, (d) => {
    const code = d.charCodeAt(0);
    const zero = code >= PERSIAN_ZERO ? PERSIAN_ZERO : ARABIC_INDIC_ZERO;
    return String(code - zero);
  });
}

/** ASCII and Arabic-Indic digits to Persian digits, for what people read. */
export function toPersianDigits(text: string): string {
  return toAsciiDigits(text).replace(/[0-9]/g, (d) => String.fromCharCode(PERSIAN_ZERO + Number(d)));
}

/** Only the ASCII digits of a value, any digit script accepted (spaces, dashes and other marks dropped). */
export function digitsOnly(text: string): string {
  return toAsciiDigits(text).replace(/[^0-9]/g, '');
}
