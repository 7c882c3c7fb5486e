import { describe, expect, it } from 'vitest';
import {
  REDACTED_NAME,
  REDACTED_NUMBER,
  redactForPublic,
  redactLongNumbers,
  WITHHELD_NOTE,
} from '../../../shared/persian/redact.ts';

describe('redacting identifying numbers from public text', () => {
  it('removes mobiles, national IDs and landlines in any digit script and grouping', () => {
    const text =
      'با آقای رضایی به شماره ۰۹۱۸۱۲۳۴۵۶۷ و کد ملی 4120123456 تماس گرفته شد؛ تلفن اداره 084-3322-1100 و ٠٩١٢ ٣٤٥ ٦٧٨٩.';
    const redacted = redactLongNumbers(text);
    expect(redacted).not.toMatch(/[0-9۰-۹٠-٩]{4}/);
    expect(redacted.split(REDACTED_NUMBER)).toHaveLength(5);
  });

  it('keeps dates, amounts and short numbers', () => {
    const text = 'در تاریخ ۱۴۰۵/۰۹/۱۰ مبلغ ۱۲۰ میلیون ریال برای ۳ روستا و کوچه ۱۲ تصویب شد.';
    expect(redactLongNumbers(text)).toBe(text);
  });
});

describe('making a public note safe', () => {
  it("removes the citizen's names in any spelling, and says what it took out", () => {
    const note = 'آقاي رضايي درخواست شما بررسی شد؛ رضایی و علی‌رضایی دو نفرند. شماره ۰۹۱۸_۱۲۳_۴۵۶۷ ثبت شد.';
    const safe = redactForPublic(note, ['مریم', 'رضایی']);
    expect(safe.text).toBe(
      `آقاي ${REDACTED_NAME} درخواست شما بررسی شد؛ ${REDACTED_NAME} و علی‌رضایی دو نفرند. شماره ${REDACTED_NUMBER} ثبت شد.`,
    );
    expect(safe.removed).toEqual(['number', 'name', 'name']);
  });

  it('withholds a note in which the contact-detail extractor still finds a number', () => {
    // Groups set apart by spaced dashes: no long run of digits, but the extractor reads a mobile.
    const safe = redactForPublic('برای پیگیری با همراهم ۰۹۱۸ - ۱۲۳ - ۴۵۶۷ تماس بگیرید', []);
    expect(safe).toEqual({ text: WITHHELD_NOTE, removed: ['withheld'] });
  });

  it('leaves a note without personal details as it was', () => {
    const note = 'گروه تعمیرات اعزام شد و تا فردا آب وصل می‌شود؛ ۱۲ خانوار در ۱۴۰۵/۰۹/۱۰.';
    expect(redactForPublic(note, ['مریم', 'کرمی'])).toEqual({ text: note, removed: [] });
  });
});
