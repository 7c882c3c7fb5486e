import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toAsciiDigits, toPersianDigits } from '../../../shared/persian/digits.ts';
import { matchingKey, normalizePersian } from '../../../shared/persian/normalize.ts';

const ZWNJ = '\u200C';

/** Text built from the characters that make Persian input messy. */
const messyChar = fc.constantFrom(
  ...'ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىةأإؤئآۀ ‌ ۰۱۲۳٤٥٦0123456789.,،؛؟!\n\t\u200B\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFEFF\u064E\u064F\u0650\u0651\u0652\u064B\u0640\uFEB3\uFEE0\uFE8E\uFEE1\u00A0\u2009'.split(
    '',
  ),
);
const messyText = fc.array(messyChar, { maxLength: 80 }).map((chars) => chars.join(''));

describe('normalizePersian', () => {
  it('turns Arabic-keyboard letters into Persian ones', () => {
    expect(normalizePersian('علي كريمي از ايلام')).toBe('علی کریمی از ایلام');
    expect(normalizePersian('مصطفى')).toBe('مصطفی');
  });

  it('removes diacritics and tatweel but keeps letters composed with hamza and madda', () => {
    expect(normalizePersian('بِسْمِ اللّهِ')).toBe('بسم الله');
    expect(normalizePersian('ســـلام')).toBe('سلام');
    expect(normalizePersian('آب خانهٔ ما')).toBe('آب خانهٔ ما');
    expect(normalizePersian('\u0627\u0653ب')).toBe('آب');
  });

  it('turns presentation forms from old encodings into letters', () => {
    // "سلام" in positional presentation forms.
    expect(normalizePersian('\uFEB3\uFEFC\uFEE1')).toBe('سلام');
  });

  it('removes zero-width and bidi controls but keeps ZWNJ inside words', () => {
    const text = '\u202Bمی\u200Cخواهم\u200F آب\u200B \u2067لوله\u2069\uFEFF کشی\u202C';
    expect(normalizePersian(text)).toBe(`می${ZWNJ}خواهم آب لوله کشی`);
  });

  it('tidies ZWNJ: collapses runs and drops it beside spaces and punctuation', () => {
    expect(normalizePersian('ا \u200C ا')).toBe('ا ا');
    expect(normalizePersian(`می${ZWNJ}${ZWNJ}روم`)).toBe(`می${ZWNJ}روم`);
    expect(normalizePersian(`خانه${ZWNJ} ها`)).toBe('خانه ها');
    expect(normalizePersian(`${ZWNJ}سلام${ZWNJ}.`)).toBe('سلام.');
  });

  it('unifies Arabic-Indic digits to Persian and keeps ASCII digits as written', () => {
    expect(normalizePersian('پلاک ٤٥ و ۴۶ و 47')).toBe('پلاک ۴۵ و ۴۶ و 47');
  });

  it('normalizes spaces and line breaks', () => {
    expect(normalizePersian('  سلام\u00A0\u00A0دنیا \r\n\r\n\r\n\r\n خط دوم\t\t ')).toBe(
      'سلام دنیا\n\nخط دوم',
    );
  });

  it('is idempotent on messy text', () => {
    fc.assert(
      fc.property(messyText, (text) => {
        const once = normalizePersian(text);
        expect(normalizePersian(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('never leaves an invisible control, Arabic yeh or kaf behind', () => {
    fc.assert(
      fc.property(messyText, (text) => {
        expect(normalizePersian(text)).not.toMatch(
          /\u200D|[\u200B\u200E\u200F\u202A-\u202E\u2066-\u2069\uFEFF\u064A\u0643\u0649\u0640]/,
        );
      }),
      { numRuns: 2000 },
    );
  });
});

describe('matchingKey', () => {
  it('gives the same key to ZWNJ, no-ZWNJ and Arabic-keyboard spellings', () => {
    const forms = [`می${ZWNJ}خواهیم`, 'میخواهیم', 'ميخواهيم', `مي\u200Cخواهيم`, 'می\u200Bخواهیم'];
    expect(new Set(forms.map(matchingKey)).size).toBe(1);
  });

  it('folds digits of every script and hamza carriers', () => {
    expect(matchingKey('پلاک ۱۲ و ١٢ و 12')).toBe('پلاک 12 و 12 و 12');
    expect(matchingKey('مسؤول')).toBe(matchingKey('مسئول'));
    expect(matchingKey('مسئولین')).toBe('مسوولین');
    expect(matchingKey('رئیس')).toBe(matchingKey('رییس'));
    expect(matchingKey('شؤون')).toBe(matchingKey('شئون'));
  });

  it('drops punctuation and lower-cases Latin letters', () => {
    expect(matchingKey('«سلام»، آقای SMITH!')).toBe('سلام اقای smith');
  });

  it('is idempotent and never contains ZWNJ', () => {
    fc.assert(
      fc.property(messyText, (text) => {
        const key = matchingKey(text);
        expect(matchingKey(key)).toBe(key);
        expect(key.includes(ZWNJ)).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('digits', () => {
  it('round-trips ASCII digits through Persian digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-z ]{0,30}$/), (ascii) => {
        expect(toAsciiDigits(toPersianDigits(ascii))).toBe(ascii);
      }),
    );
  });

  it('folds mixed digit scripts to ASCII', () => {
    expect(toAsciiDigits('۰۹١٢3۴٥')).toBe('0912345');
    expect(toPersianDigits('٠٩12')).toBe('۰۹۱۲');
  });
});
