import { toAsciiDigits } from './digits.ts';

/**
 * Persian text normalization.
 *
 * `normalizePersian` is for text we store and show: it unifies what differs only by keyboard or
 * encoding (Arabic yeh/kaf, presentation forms, diacritics, tatweel, invisible controls, spacing)
 * but keeps ZWNJ and the writer's digits (Arabic-Indic become Persian).
 * `matchingKey` is for comparing and indexing: it also folds digits to ASCII, drops ZWNJ, folds
 * hamza carriers and punctuation, and lower-cases Latin letters.
 */

const ZWNJ = '\u200C';

// Zero-width and bidi controls that change nothing a reader sees but break matching:
// ZWSP, ZWJ, LRM, RLM, ALM, LRE..RLO, PDF, LRI..PDI, word joiner, invisible operators, BOM, soft hyphen.
const INVISIBLE_CONTROLS =
  /\u200D|[\u200B\u200E\u200F\u061C\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;

// Arabic presentation forms A and B (ligatures and positional shapes from old encodings and PDFs).
const PRESENTATION_FORMS = /[\uFB50-\uFDFF\uFE70-\uFEFE]/g;

// Harakat, tanwin, shadda, sukun, superscript alef and Quranic marks; tatweel (kashida).
// U+0653..U+0655 (madda, hamza above/below) are kept: they compose letters such as آ and ۀ.
const DIACRITICS_AND_TATWEEL = /[\u064B-\u0652\u0656-\u065F\u0670\u0610-\u061A\u06D6-\u06ED\u0640]/g;

const CHARACTER_MAP: Readonly<Record<string, string>> = {
  '\u064A': '\u06CC', // Arabic yeh → Persian yeh
  '\u0649': '\u06CC', // alef maksura → Persian yeh
  '\u06D2': '\u06CC', // yeh barree
  '\u0643': '\u06A9', // Arabic kaf → keheh
  '\u06AA': '\u06A9', // swash kaf
  '\u06C1': '\u0647', // heh goal
  '\u06D5': '\u0647', // ae
};
const MAPPED_CHARACTERS = new RegExp(`[${Object.keys(CHARACTER_MAP).join('')}]`, 'g');

// Every kind of horizontal space becomes one plain space.
const HORIZONTAL_SPACES = /[\t\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]+/g;

function foldArabicIndicToPersianDigits(text: string): string {
  return text.replace(/[\u0660-\u0669]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0x0660 + 0x06f0));
}

function tidyZwnj(text: string): string {
  return (
    text
      .replace(/\u200C{2,}/g, ZWNJ)
      // A ZWNJ next to a space, line break, edge or punctuation joins nothing.
      .replace(/\u200C(?=[\s.,!?;:،؛؟()«»"'-]|$)/g, '')
      .replace(/(^|[\s.,!?;:،؛؟()«»"'-])\u200C/g, '$1')
  );
}

/** Normalizes Persian text for storage and display. Idempotent. */
export function normalizePersian(input: string): string {
  let text = input.replace(INVISIBLE_CONTROLS, '');
  text = text.replace(PRESENTATION_FORMS, (ch) => ch.normalize('NFKC'));
  text = text.normalize('NFC');
  text = text.replace(MAPPED_CHARACTERS, (ch) => CHARACTER_MAP[ch] ?? ch);
  text = text.replace(DIACRITICS_AND_TATWEEL, '');
  text = foldArabicIndicToPersianDigits(text);
  text = text.replace(/\r\n?|[\u2028\u2029\u0085\v\f]/g, '\n');
  text = text.replace(HORIZONTAL_SPACES, ' ');
  // ZWNJ first: dropping one between two spaces must not leave a double space behind.
  text = tidyZwnj(text);
  text = text.replace(/ {2,}/g, ' ');
  text = text
    .split('\n')
    .map((line) => line.trim())
    .join('\n');
  text = text.replace(/\n{3,}/g, '\n\n');
  return text.trim();
}

const MATCHING_FOLDS: Readonly<Record<string, string>> = {
  '\u0623': '\u0627', // أ
  '\u0625': '\u0627', // إ
  '\u0671': '\u0627', // ٱ
  '\u0622': '\u0627', // آ
  '\u0624': '\u0648', // ؤ
  '\u0626': '\u06CC', // ئ
  '\u0629': '\u0647', // ة
  '\u06C0': '\u0647', // ۀ
  '\u0621': '', // lone hamza
};
const MATCHING_FOLDED = new RegExp(`[${Object.keys(MATCHING_FOLDS).join('')}]`, 'g');

/** A key for comparing and indexing text: equal for spellings that mean the same. Idempotent. */
export function matchingKey(input: string): string {
  let text = normalizePersian(input);
  text = toAsciiDigits(text).toLowerCase();
  text = text.replace(/[\u0653-\u0655]/g, '');
  // مسئول and مسؤول are one word: a hamza seat before و folds to و, elsewhere ئ to ی.
  text = text.replace(/\u0626(?=\u0648)/g, '\u0648');
  text = text.replace(MATCHING_FOLDED, (ch) => MATCHING_FOLDS[ch] ?? ch);
  text = text.replaceAll(ZWNJ, '');
  text = text.replace(/[^\p{L}\p{N}]+/gu, ' ');
  return text.trim();
}
