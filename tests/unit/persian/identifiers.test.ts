import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toPersianDigits } from '../../../shared/persian/digits.ts';
import { isValidMobile, mobileLastFour, normalizeMobile } from '../../../shared/persian/mobile.ts';
import { isValidNationalId, normalizeNationalId } from '../../../shared/persian/national-id.ts';
import { isValidPostalCode, normalizePostalCode } from '../../../shared/persian/postal-code.ts';
import { nationalIdFrom } from '../../support/fixtures.ts';

const toArabicIndic = (ascii: string) => ascii.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));

describe('national ID', () => {
  it('accepts codes whose check digit holds, in any digit script', () => {
    expect(isValidNationalId('0499370899')).toBe(true);
    expect(normalizeNationalId('۰۴۹۹۳۷۰۸۹۹')).toBe('0499370899');
    expect(normalizeNationalId('٠٤٩٩٣٧٠٨٩٩')).toBe('0499370899');
    expect(normalizeNationalId('049-937089-9')).toBe('0499370899');
  });

  it('pads codes written without their leading zeros', () => {
    expect(normalizeNationalId('499370899')).toBe('0499370899');
    expect(normalizeNationalId('7731689')).toBeNull();
  });

  it('refuses a wrong check digit, repeated digits, letters and wrong lengths', () => {
    expect(normalizeNationalId('0499370898')).toBeNull();
    expect(normalizeNationalId('1111111111')).toBeNull();
    expect(normalizeNationalId('04993708a9')).toBeNull();
    expect(normalizeNationalId('04993708991')).toBeNull();
  });

  it('accepts every code built with a correct check digit, whatever its prefix', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), (nine) => {
        const code = nationalIdFrom(nine);
        fc.pre(!/^(\d)\1{9}$/.test(code));
        expect(normalizeNationalId(toPersianDigits(code))).toBe(code);
      }),
    );
  });

  it('refuses every other check digit', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/), fc.integer({ min: 1, max: 9 }), (nine, shift) => {
        const valid = nationalIdFrom(nine);
        const wrong = `${nine}${(Number(valid[9]) + shift) % 10}`;
        // Remainders 0 and 1 both give check digit 0 or 1 directly, so only one digit is right.
        expect(isValidNationalId(wrong)).toBe(false);
      }),
    );
  });
});

describe('mobile', () => {
  it.each([
    ['09123456789', '09123456789'],
    ['+989123456789', '09123456789'],
    ['+98 912 345 6789', '09123456789'],
    ['00989123456789', '09123456789'],
    ['989123456789', '09123456789'],
    ['9123456789', '09123456789'],
    ['0912-345-6789', '09123456789'],
    ['(0912) 345 67 89', '09123456789'],
    ['۰۹۱۲۳۴۵۶۷۸۹', '09123456789'],
    ['٠٩١٢٣٤٥٦٧٨٩', '09123456789'],
    ['۰۹۱2٣۴۵6789', '09123456789'],
  ])('normalizes %s', (input, expected) => {
    expect(normalizeMobile(input)).toBe(expected);
  });

  it.each([
    '08432221234', // a landline in Ilam
    '0912345678', // too short
    '091234567890', // too long
    '+1 912 345 6789',
    '0912345678a',
    '',
  ])('refuses %s', (input) => {
    expect(normalizeMobile(input)).toBeNull();
  });

  it('recovers the national form from every written form', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^9\d{9}$/), fc.integer({ min: 0, max: 5 }), (rest, form) => {
        const national = `0${rest}`;
        const written = [
          national,
          `+98${rest}`,
          `0098${rest}`,
          `98${rest}`,
          toPersianDigits(`${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`),
          toArabicIndic(`${national.slice(0, 4)}-${national.slice(4)}`),
        ][form] as string;
        expect(normalizeMobile(written)).toBe(national);
        expect(isValidMobile(national)).toBe(true);
        expect(mobileLastFour(national)).toBe(national.slice(7));
      }),
    );
  });
});

describe('postal code', () => {
  it('accepts well-formed codes in any digit script', () => {
    expect(isValidPostalCode('6931745681')).toBe(true);
    expect(normalizePostalCode('۶۹۳۱۷-۴۵۶۸۱')).toBe('6931745681');
  });

  it('refuses impossible digits, placeholders and wrong lengths', () => {
    expect(normalizePostalCode('0931745681')).toBeNull(); // 0 in the first five
    expect(normalizePostalCode('6931545681')).toBeNull(); // 5 as the fifth digit
    expect(normalizePostalCode('6931745621')).toBeNull(); // 2 in the last five
    expect(normalizePostalCode('1111111111')).toBeNull();
    expect(normalizePostalCode('693174568')).toBeNull();
  });
});
