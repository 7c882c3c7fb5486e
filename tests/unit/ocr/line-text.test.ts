import { describe, expect, it } from 'vitest';
import { ocrLineText } from '../../../shared/ocr/line-text.ts';

describe('ocrLineText', () => {
  it('puts back «و» that OCR read as 9 beside words and numbers', () => {
    expect(ocrLineText('شماره همراه ۰۹۱۸۱۲۳۴۵۶۷ ۹ کد ملی')).toBe('شماره همراه 09181234567 و کد ملی');
    expect(ocrLineText('آب 9 برق روستا')).toBe('آب و برق روستا');
  });

  it('keeps a 9 that may be the last group of a number', () => {
    expect(ocrLineText('شماره تماس: ۰۹۱۲ ۳۴۵ ۶۷ ۹')).toBe('شماره تماس: 0912 345 67 9');
  });

  it('keeps a 9 that counts something', () => {
    expect(ocrLineText('۹ نفر بیمار')).toBe('9 نفر بیمار');
    expect(ocrLineText('دانش‌آموزان کلاس ۹ مدرسه')).toBe('دانش‌آموزان کلاس 9 مدرسه');
    expect(ocrLineText('ساعت 9 صبح')).toBe('ساعت 9 صبح');
  });

  it('normalizes the line and folds digits to ASCII', () => {
    expect(ocrLineText('كد ملي  ۴۶۰۸۹۶۸۸۸۲')).toBe('کد ملی 4608968882');
  });
});
