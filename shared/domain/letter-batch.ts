import { z } from 'zod';
import { type FieldProblem, IllegalTransitionError, ValidationError } from './errors.ts';
import { message } from './messages.ts';
import { CountyCodeSchema } from './reference.ts';
import type { Attachment, IntakePoint } from './ticket.ts';

/**
 * A batch of paper letters an operator scans at one intake point on one day. Pages are uploaded
 * straight to storage with presigned URLs, then the batch is submitted and each letter becomes a
 * ticket in DIGITIZING. A submitted batch never changes, so re-submitting is safe.
 */

export const SCAN_CONTENT_TYPES = ['image/jpeg', 'image/png', 'image/tiff', 'application/pdf'] as const;
export type ScanContentType = (typeof SCAN_CONTENT_TYPES)[number];
/** A 600 DPI colour A4 scan is under 25 MB; a scanned PDF of a long letter can be larger. */
export const SCAN_MAX_MB: Record<ScanContentType, number> = {
  'image/jpeg': 25,
  'image/png': 25,
  'image/tiff': 25,
  'application/pdf': 50,
};
/** A letter longer than this is a report or a petition pack: split it into letters. */
export const LETTER_MAX_PAGES = 30;
/** About a day's collection at a busy visit site; larger piles go in several batches. */
export const BATCH_MAX_LETTERS = 500;
/** Letters added in one call: each is its own record, written with the batch in one transaction. */
export const LETTERS_PER_REQUEST = 50;

const EXTENSION: Record<ScanContentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/tiff': 'tif',
  'application/pdf': 'pdf',
};

export const CreateBatchSchema = z
  .strictObject({
    intakePoint: z.strictObject({
      kind: z.enum(['CENTER', 'VISIT_SITE', 'COUNTY_OFFICE']),
      id: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/),
      visitId: z.string().min(1).max(64).optional(),
    }),
    county: CountyCodeSchema,
    /** The day the letters were collected (Gregorian, YYYY-MM-DD). */
    collectedOn: z.iso.date(),
    /** Who collected the letters, when not the operator who scans them. */
    collector: z.string().min(1).max(128).optional(),
  })
  .refine((b) => b.intakePoint.kind !== 'VISIT_SITE' || b.intakePoint.visitId, {
    message: 'visit_required',
    path: ['intakePoint', 'visitId'],
  });
export type CreateBatchInput = z.output<typeof CreateBatchSchema>;

export const ScanPageSchema = z
  .strictObject({
    contentType: z.enum(SCAN_CONTENT_TYPES, { message: 'scan_type_not_allowed' }),
    /** Bytes, as the operator's client reads them from the file. */
    size: z.number().int().min(1),
  })
  .superRefine((page, ctx) => {
    const maximum = SCAN_MAX_MB[page.contentType];
    if (page.size > maximum * 1024 * 1024)
      ctx.addIssue({ code: 'custom', message: 'scan_too_large', path: ['size'], params: { maximum } });
  });

export const AddLettersSchema = z.strictObject({
  letters: z
    .array(z.strictObject({ pages: z.array(ScanPageSchema).min(1).max(LETTER_MAX_PAGES) }))
    .min(1)
    .max(LETTERS_PER_REQUEST),
});
export type AddLettersInput = z.output<typeof AddLettersSchema>;

export interface BatchLetter {
  /** 1-based position in the batch: the number written on the paper pile. */
  letterNo: number;
  pages: Attachment[];
  /** Set when the batch is submitted. */
  ticketId: string | null;
}

export interface LetterBatch {
  batchId: string;
  status: 'OPEN' | 'SUBMITTED';
  intakePoint: IntakePoint;
  county: string;
  collectedOn: string;
  collector: string | null;
  createdBy: string;
  createdAt: string;
  submittedAt: string | null;
  /** Letters are kept beside the batch, one record each (a batch can outgrow one record). */
  letterCount: number;
  version: number;
}

export function openBatch(
  batchId: string,
  input: CreateBatchInput,
  operator: string,
  now: Date,
): LetterBatch {
  return {
    batchId,
    status: 'OPEN',
    intakePoint: {
      kind: input.intakePoint.kind,
      id: input.intakePoint.id,
      ...(input.intakePoint.visitId ? { visitId: input.intakePoint.visitId } : {}),
      registeredBy: operator,
    },
    county: input.county,
    collectedOn: input.collectedOn,
    collector: input.collector ?? null,
    createdBy: operator,
    createdAt: now.toISOString(),
    submittedAt: null,
    letterCount: 0,
    version: 1,
  };
}

function assertOpen(batch: LetterBatch): void {
  if (batch.status !== 'OPEN')
    throw new IllegalTransitionError(batch.status, 'OPEN', message('batch_submitted'));
}

/** Where a page is stored: the batch, the letter and the page, never anything about the citizen. */
export function scanKey(
  batchId: string,
  letterNo: number,
  page: number,
  contentType: ScanContentType,
): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `batches/${batchId}/letter-${pad(letterNo, 3)}/page-${pad(page, 2)}.${EXTENSION[contentType]}`;
}

/** Adds letters to an open batch and names where each page goes. */
export function addLetters(
  batch: LetterBatch,
  input: AddLettersInput,
): { batch: LetterBatch; added: BatchLetter[] } {
  assertOpen(batch);
  if (batch.letterCount + input.letters.length > BATCH_MAX_LETTERS) {
    throw new ValidationError([
      { path: 'letters', code: 'too_long', message: message('too_long', { maximum: BATCH_MAX_LETTERS }) },
    ]);
  }
  const added = input.letters.map((letter, i): BatchLetter => {
    const letterNo = batch.letterCount + i + 1;
    return {
      letterNo,
      ticketId: null,
      pages: letter.pages.map((page, p) => ({
        key: scanKey(batch.batchId, letterNo, p + 1, page.contentType),
        contentType: page.contentType,
        size: page.size,
        page: p + 1,
      })),
    };
  });
  return { batch: { ...batch, letterCount: batch.letterCount + added.length }, added };
}

/**
 * Checks that every page was uploaded as declared (sizes from storage, null when missing) and
 * marks the batch submitted with a ticket for each letter. All or nothing: one missing page
 * refuses the whole submission, naming every page that is missing or wrong.
 */
export function submitBatch(
  batch: LetterBatch,
  letters: readonly BatchLetter[],
  storedSizes: ReadonlyMap<string, number | null>,
  ticketIdFor: (letter: BatchLetter) => string,
  now: Date,
): { batch: LetterBatch; letters: BatchLetter[] } {
  assertOpen(batch);
  if (letters.length !== batch.letterCount) throw new Error('letters do not match the batch');
  if (letters.length === 0) {
    throw new ValidationError([{ path: 'letters', code: 'batch_empty', message: message('batch_empty') }]);
  }
  const problems: FieldProblem[] = [];
  for (const letter of letters) {
    for (const page of letter.pages) {
      const stored = storedSizes.get(page.key) ?? null;
      const path = `letters[${letter.letterNo - 1}].pages[${(page.page ?? 1) - 1}]`;
      if (stored === null) {
        problems.push({ path, code: 'scan_not_uploaded', message: message('scan_not_uploaded') });
      } else if (stored !== page.size) {
        problems.push({ path, code: 'scan_size_mismatch', message: message('scan_size_mismatch') });
      }
    }
  }
  if (problems.length) throw new ValidationError(problems);
  return {
    batch: { ...batch, status: 'SUBMITTED', submittedAt: now.toISOString() },
    letters: letters.map((letter) => ({ ...letter, ticketId: ticketIdFor(letter) })),
  };
}
