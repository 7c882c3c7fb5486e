import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatTrackingCode,
  isValidTrackingCode,
  parseTrackingCode,
  randomTrackingCode,
  TRACKING_CODE_BODIES,
  verhoeffCheckDigit,
} from '../../../shared/domain/tracking-code.ts';
import { toPersianDigits } from '../../../shared/persian/digits.ts';
import { trackingCodeCipher } from '../../../shared/security/tracking-code-cipher.ts';

const KEY = 'a-deployment-secret-of-at-least-32-characters';
const codes = fc.stringMatching(/^[1-9]\d{9}$/).map((body) => `${body}${verhoeffCheckDigit(body)}`);

describe('tracking codes', () => {
  it('matches the published Verhoeff example', () => {
    expect(verhoeffCheckDigit('236')).toBe(3);
    expect(verhoeffCheckDigit('12345')).toBe(1);
  });

  it('gives every sequence number a code that validates and never starts with zero', () => {
    const codeOf = trackingCodeCipher(KEY);
    for (const n of [0, 1, 2, 999, 123_456_789, TRACKING_CODE_BODIES - 1]) {
      const code = codeOf(n);
      expect(code).toMatch(/^[1-9]\d{10}$/);
      expect(isValidTrackingCode(code)).toBe(true);
      expect(codeOf(n)).toBe(code);
    }
    expect(() => codeOf(TRACKING_CODE_BODIES)).toThrow(RangeError);
    expect(() => codeOf(-1)).toThrow(RangeError);
  });

  it('never gives two sequence numbers one code, and neighbours are far apart', () => {
    const codeOf = trackingCodeCipher(KEY);
    const codes = Array.from({ length: 5_000 }, (_, n) => codeOf(n));
    expect(new Set(codes).size).toBe(codes.length);
    const numbers = codes.map(Number);
    const gaps = numbers.slice(1).map((code, i) => Math.abs(code - (numbers[i] as number)));
    expect(Math.min(...gaps)).toBeGreaterThan(1000);
  });

  it('depends on the key: another deployment numbers its codes differently', () => {
    const mine = trackingCodeCipher(KEY);
    const theirs = trackingCodeCipher(`${KEY}-other`);
    const same = Array.from({ length: 200 }, (_, n) => n).filter((n) => mine(n) === theirs(n));
    expect(same).toEqual([]);
    expect(() => trackingCodeCipher('short')).toThrow();
  });

  it('draws random codes that validate, for examples and tests', () => {
    for (let i = 0; i < 200; i++) expect(isValidTrackingCode(randomTrackingCode())).toBe(true);
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
