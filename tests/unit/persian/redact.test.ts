import { describe, expect, it } from 'vitest';
import { REDACTED_NUMBER, redactLongNumbers } from '../../../shared/persian/redact.ts';

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
