import { type ExtractedContacts, extractContacts } from '../persian/extract.ts';
import type { BoundingBox, DigitizedDocument, OcrLine } from './document.ts';

/**
 * What OCR made of a letter, kept beside its scans for the reviewer who checks or types it: each
 * page's lines (text, confidence, where they are), the contact details found and where, whether
 * each can be trusted, and why the letter needs a person. Stored as JSON in the scans bucket.
 */
export interface LetterReading {
  ticketId: string;
  confidence: number;
  reasons: string[];
  pages: Array<{ page: number; scanKey: string; lines: OcrLine[] }>;
  fields: LocatedField[];
}

export interface LocatedField {
  field: keyof ExtractedContacts;
  value: string;
  /** Read on a line whose confidence reached the trust floor (numbers confirmed by a second look). */
  trusted: boolean;
  /** Index into `pages`, and the line on that page. */
  page: number;
  line: number;
  box: BoundingBox;
}

/** The contact details on each line, with where they are: what a reviewer's screen highlights. */
export function locateFields(pages: LetterReading['pages'], minConfidence: number): LocatedField[] {
  const fields: LocatedField[] = [];
  for (const [p, page] of pages.entries()) {
    for (const [l, line] of page.lines.entries()) {
      const found = extractContacts(line.text);
      for (const field of ['mobile', 'nationalId', 'postalCode'] as const) {
        const value = found[field];
        if (value)
          fields.push({
            field,
            value,
            trusted: line.confidence >= minConfidence,
            page: p,
            line: l,
            box: line.box,
          });
      }
    }
  }
  return fields;
}

/** A letter's documents as reading pages: one per page of each scan, in letter order. */
export function readingPages(
  scans: ReadonlyArray<{ scanKey: string; document: DigitizedDocument }>,
): LetterReading['pages'] {
  let page = 0;
  return scans.flatMap(({ scanKey, document }) =>
    document.pages.map((p) => ({ page: ++page, scanKey, lines: p.lines })),
  );
}
