import { describe, expect, it } from 'vitest';
import { assembleDocument, type OcrLine } from '../../../shared/ocr/document.ts';
import { locateFields, readingPages } from '../../../shared/ocr/letter-reading.ts';
import { nationalIdFrom } from '../../support/fixtures.ts';

const line = (text: string, confidence: number, top: number): OcrLine => ({
  text,
  confidence,
  box: { left: 0.5, top, width: 0.4, height: 0.02 },
});

describe("a letter's reading", () => {
  it('numbers pages across scans in letter order, and highlights each contact detail where it was read', () => {
    const nationalId = nationalIdFrom('460123456');
    const first = assembleDocument('tesseract', [
      { page: 1, lines: [line('با سلام', 0.95, 0.1), line('شماره همراه: 09181234567', 0.91, 0.3)] },
    ]);
    const second = assembleDocument('textract', [
      { page: 1, lines: [line(`کد ملی: ${nationalId}`, 0.3, 0.2)] },
      { page: 2, lines: [line('کد پستی: 6931613553', 0.9, 0.4)] },
    ]);
    const pages = readingPages([
      { scanKey: 'batches/b/letter-001/page-01.png', document: first },
      { scanKey: 'batches/b/letter-001/page-02.pdf', document: second },
    ]);
    expect(pages.map((p) => [p.page, p.scanKey.slice(-11)])).toEqual([
      [1, 'page-01.png'],
      [2, 'page-02.pdf'],
      [3, 'page-02.pdf'],
    ]);
    expect(locateFields(pages, 0.6)).toEqual([
      {
        field: 'mobile',
        value: '09181234567',
        trusted: true,
        page: 0,
        line: 1,
        box: pages[0]?.lines[1]?.box,
      },
      // Read on a line whose digits a second look did not confirm: shown, but not trusted.
      {
        field: 'nationalId',
        value: nationalId,
        trusted: false,
        page: 1,
        line: 0,
        box: pages[1]?.lines[0]?.box,
      },
      {
        field: 'postalCode',
        value: '6931613553',
        trusted: true,
        page: 2,
        line: 0,
        box: pages[2]?.lines[0]?.box,
      },
    ]);
  });
});
