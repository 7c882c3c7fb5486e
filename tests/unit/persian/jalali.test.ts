import { describe, expect, it } from 'vitest';
import {
  formatJalaliDate,
  formatJalaliDateTime,
  formatJalaliLong,
  toJalali,
} from '../../../shared/persian/jalali.ts';

describe('Jalali dates', () => {
  it('starts the year at Nowruz in Iran time', () => {
    // 1405/01/01 began at 00:00 Tehran on 21 March 2026, which is 20:30 UTC on the 20th.
    expect(toJalali(new Date('2026-03-20T20:30:00Z'))).toEqual({ year: 1405, month: 1, day: 1 });
    expect(toJalali(new Date('2026-03-20T20:29:59Z'))).toEqual({ year: 1404, month: 12, day: 29 });
  });

  it('formats with Persian digits', () => {
    const moment = new Date('2026-11-29T09:35:00Z');
    expect(formatJalaliDate(moment)).toBe('۱۴۰۵/۰۹/۰۸');
    expect(formatJalaliDateTime(moment)).toBe('۱۴۰۵/۰۹/۰۸ ۱۳:۰۵');
    expect(formatJalaliLong(moment)).toBe('یکشنبه ۸ آذر ۱۴۰۵');
  });
});
