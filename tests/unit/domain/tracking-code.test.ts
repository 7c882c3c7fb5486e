import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatTrackingCode,
  generateTrackingCode,
  isValidTrackingCode,
  parseTrackingCode,
  verhoeffCheckDigit,
} from '../../../shared/domain/tracking-code.ts';
import { toPersianDigits } from '../../../shared/persian/digits.ts';

const codes = fc.stringMatching(/^[1-9]\d{9}$/).map((body) => `${body}${verhoeffCheckDigit(body)}`);

describe('tracking codes', () => {
  it('matches the published Verhoeff example', () => {
    expect(verhoeffCheckDigit('236')).toBe(3);
    expect(verhoeffCheckDigit('12345')).toBe(1);
  });

  it('draws eleven digits that validate and never start with zero', () => {
    for (let i = 0; i < 500; i++) {
      const code = generateTrackingCode();
      expect(code).toMatch(/^[1-9]\d{10}$/);
      expect(isValidTrackingCode(code)).toBe(true);
    }
  });

  it('is not sequential: consecutive draws differ widely', () => {
    const drawn = Array.from({ length: 200 }, () => Number(generateTrackingCode()));
    expect(new Set(drawn).size).toBe(200);
    const gaps = drawn.slice(1).map((code, i) => Math.abs(code - (drawn[i] as number)));
    expect(Math.min(...gaps)).toBeGreaterThan(1000);
  });

  it('catches every single-digit error', () => {
    fc.assert(
      fc.property(
        codes,
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 9 }),
        (code, position, shift) => {
          const digits = [...code];
          digits[position] = String((Number(digits[position]) + shift) % 10);
          expect(isValidTrackingCode(digits.join(''))).toBe(false);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('catches every adjacent transposition', () => {
    fc.assert(
      fc.property(codes, fc.integer({ min: 0, max: 9 }), (code, position) => {
        fc.pre(code[position] !== code[position + 1]);
        const digits = [...code];
        [digits[position], digits[position + 1]] = [
          digits[position + 1] as string,
          digits[position] as string,
        ];
        expect(isValidTrackingCode(digits.join(''))).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('parses what a citizen types: Persian digits, spaces and dashes', () => {
    fc.assert(
      fc.property(codes, (code) => {
        expect(parseTrackingCode(toPersianDigits(formatTrackingCode(code)))).toBe(code);
        expect(parseTrackingCode(` ${code.slice(0, 4)} ${code.slice(4)} `)).toBe(code);
      }),
    );
  });

  it('refuses malformed codes', () => {
    expect(parseTrackingCode('')).toBeNull();
    expect(parseTrackingCode('1234')).toBeNull();
    expect(parseTrackingCode('abc12345678')).toBeNull();
    expect(parseTrackingCode('01234567890')).toBeNull();
  });

  it('groups 4-3-4 for reading aloud', () => {
    expect(formatTrackingCode('12345678901')).toBe('1234-567-8901');
  });
});
