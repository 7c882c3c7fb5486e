import { z } from 'zod';
import { type Actor, staffActor } from './audit.ts';
import { type FieldProblem, IllegalTransitionError, ValidationError } from './errors.ts';
import { message } from './messages.ts';
import { countyInputSchema, type ReferenceCatalog } from './reference.ts';
import type { TicketStatus } from './status.ts';
import {
  type Attachment,
  type Channel,
  DOCUMENT_LANGUAGES,
  type DocumentLanguage,
  type IntakePoint,
  type NewTicketInput,
} from './ticket.ts';

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

/** What storage holds under a page's key: its size and the format its first bytes show. */
export interface StoredScan {
  size: number;
  format: 'png' | 'jpeg' | 'tiff' | 'pdf' | null;
}

const FORMAT: Record<ScanContentType, StoredScan['format']> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/tiff': 'tiff',
  'application/pdf': 'pdf',
};

const EXTENSION: Record<ScanContentType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/tiff': 'tif',
  'application/pdf': 'pdf',
};

/** The body of `POST /api/v1/staff/batches`; the county as people write it (see countyInputSchema). */
export const createBatchSchema = (catalog: ReferenceCatalog) =>
  z
    .strictObject({
      intakePoint: z.strictObject({
        kind: z.enum(['CENTER', 'VISIT_SITE', 'COUNTY_OFFICE']),
        id: z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,63}$/),
        visitId: z.string().min(1).max(64).optional(),
      }),
      county: countyInputSchema(catalog),
      /** The day the letters were collected (Gregorian, YYYY-MM-DD). */
      collectedOn: z.iso.date(),
      /** Who collected the letters, when not the operator who scans them. */
      collector: z.string().min(1).max(128).optional(),
      /** The letters' language, which picks the OCR engine; operators sort piles by language. */
      language: z.enum(DOCUMENT_LANGUAGES).default('fa'),
    })
    .refine((b) => b.intakePoint.kind !== 'VISIT_SITE' || b.intakePoint.visitId, {
      message: 'visit_required',
      path: ['intakePoint', 'visitId'],
    });
export type CreateBatchInput = z.output<ReturnType<typeof createBatchSchema>>;

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
  /**
   * Taken out of the batch before submission (added by mistake, or not a letter): it keeps its
   * number, so the pile's numbers still match, and opens no ticket.
   */
  removed?: { by: string; at: string };
}

/**
 * OPEN: letters are being added and uploaded. SUBMITTED: every page checked, tickets being
 * opened one per letter. REGISTERED: every letter has its ticket. CANCELLED: given up before
 * submission (a pile scanned into the wrong batch); nothing of it becomes a ticket.
 */
export const BATCH_STATUSES = ['OPEN', 'SUBMITTED', 'REGISTERED', 'CANCELLED'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

export interface LetterBatch {
  batchId: string;
  status: BatchStatus;
  intakePoint: IntakePoint;
  county: string;
  collectedOn: string;
  collector: string | null;
  language: DocumentLanguage;
  createdBy: string;
  createdAt: string;
  submittedAt: string | null;
  submittedBy?: string;
  /** Letters are kept beside the batch, one record each (a batch can outgrow one record). */
  letterCount: number;
  cancelled?: { by: string; at: string; reason: string };
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
    language: input.language,
    createdBy: operator,
    createdAt: now.toISOString(),
    submittedAt: null,
    letterCount: 0,
    version: 1,
  };
}

/** Refuses any change to a batch that was submitted or cancelled. */
export function assertBatchOpen(batch: LetterBatch): void {
  if (batch.status !== 'OPEN')
    throw new IllegalTransitionError(
      batch.status,
      'OPEN',
      message(batch.status === 'CANCELLED' ? 'batch_cancelled' : 'batch_submitted'),
    );
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

/** The letters that become tickets: all but those taken out. */
export const keptLetters = (letters: readonly BatchLetter[]): BatchLetter[] =>
  letters.filter((l) => !l.removed);

/** A letter's pages as declared, keyed where each is stored. */
function declaredPages(
  batch: LetterBatch,
  letterNo: number,
  pages: z.output<typeof ScanPageSchema>[],
): Attachment[] {
  return pages.map((page, p) => ({
    key: scanKey(batch.batchId, letterNo, p + 1, page.contentType),
    contentType: page.contentType,
    size: page.size,
    page: p + 1,
    language: batch.language,
  }));
}

/** Takes a letter out of an open batch; taking it out twice is harmless. */
export function removeLetter(
  batch: LetterBatch,
  letter: BatchLetter,
  operator: string,
  now: Date,
): { batch: LetterBatch; letter: BatchLetter } {
  assertBatchOpen(batch);
  if (letter.removed) return { batch, letter };
  return {
    batch: { ...batch, version: batch.version + 1 },
    letter: { ...letter, removed: { by: operator, at: now.toISOString() } },
  };
}

export const RedeclarePagesSchema = z.strictObject({
  pages: z.array(ScanPageSchema).min(1).max(LETTER_MAX_PAGES),
});

/**
 * A letter's pages declared again, before submission: a page scanned as another type or size
 * (a PDF instead of a PNG, a rescan), or pages added or dropped. The letter keeps its number.
 */
export function redeclarePages(
  batch: LetterBatch,
  letter: BatchLetter,
  input: z.output<typeof RedeclarePagesSchema>,
): { batch: LetterBatch; letter: BatchLetter } {
  assertBatchOpen(batch);
  if (letter.removed) throw new IllegalTransitionError('REMOVED', 'OPEN', message('letter_removed'));
  return {
    batch: { ...batch, version: batch.version + 1 },
    letter: { ...letter, pages: declaredPages(batch, letter.letterNo, input.pages) },
  };
}

export const CancelBatchSchema = z.strictObject({ reason: z.string().trim().min(1).max(500) });

/** Gives up an open batch: its letters never become tickets. */
export function cancelBatch(
  batch: LetterBatch,
  input: z.output<typeof CancelBatchSchema>,
  operator: string,
  now: Date,
): LetterBatch {
  assertBatchOpen(batch);
  return {
    ...batch,
    status: 'CANCELLED',
    cancelled: { by: operator, at: now.toISOString(), reason: input.reason },
    version: batch.version + 1,
  };
}

/** Adds letters to an open batch and names where each page goes. */
export function addLetters(
  batch: LetterBatch,
  input: AddLettersInput,
): { batch: LetterBatch; added: BatchLetter[] } {
  assertBatchOpen(batch);
  if (batch.letterCount + input.letters.length > BATCH_MAX_LETTERS) {
    throw new ValidationError([
      { path: 'letters', code: 'too_long', message: message('too_long', { maximum: BATCH_MAX_LETTERS }) },
    ]);
  }
  const added = input.letters.map((letter, i): BatchLetter => {
    const letterNo = batch.letterCount + i + 1;
    return { letterNo, ticketId: null, pages: declaredPages(batch, letterNo, letter.pages) };
  });
  return { batch: { ...batch, letterCount: batch.letterCount + added.length }, added };
}

/**
 * Checks that every page was uploaded as declared (what storage holds, null when missing) and
 * marks the batch submitted; its letters then become tickets. All or nothing: one missing page
 * refuses the whole submission, naming every page that is missing or wrong.
 */
export function submitBatch(
  batch: LetterBatch,
  letters: readonly BatchLetter[],
  stored: ReadonlyMap<string, StoredScan | null>,
  operator: string,
  now: Date,
): LetterBatch {
  assertBatchOpen(batch);
  if (letters.length !== batch.letterCount) throw new Error('letters do not match the batch');
  const kept = keptLetters(letters);
  if (kept.length === 0) {
    throw new ValidationError([{ path: 'letters', code: 'batch_empty', message: message('batch_empty') }]);
  }
  const problems: FieldProblem[] = [];
  for (const letter of kept) {
    for (const page of letter.pages) {
      const scan = stored.get(page.key) ?? null;
      // Named as the batch numbers them (letterNo from 1), as the letter's upload URL does.
      const at = { letterNo: letter.letterNo, page: page.page ?? 1 };
      const path = `letters/${at.letterNo}/pages/${at.page}`;
      if (scan === null) {
        problems.push({ path, ...at, code: 'scan_not_uploaded', message: message('scan_not_uploaded') });
      } else if (scan.size !== page.size) {
        problems.push({ path, ...at, code: 'scan_size_mismatch', message: message('scan_size_mismatch') });
      } else if (scan.format !== FORMAT[page.contentType as ScanContentType]) {
        // Named by content, not by what the client claimed: a renamed Word file is caught here.
        problems.push({
          path,
          ...at,
          code: 'scan_content_mismatch',
          message: message('scan_content_mismatch', { type: page.contentType }),
        });
      }
    }
  }
  if (problems.length) throw new ValidationError(problems);
  return {
    ...batch,
    status: 'SUBMITTED',
    submittedAt: now.toISOString(),
    submittedBy: operator,
    version: batch.version + 1,
  };
}

const CHANNEL_OF: Record<LetterBatch['intakePoint']['kind'], Channel> = {
  WEB: 'WEB',
  CALL_CENTER: 'PHONE',
  CENTER: 'IN_PERSON',
  VISIT_SITE: 'VISIT_SITE',
  COUNTY_OFFICE: 'COUNTY_OFFICE',
};

/** The ticket a submitted letter opens: a paper letter waiting to be read, its scans attached. */
export function letterTicket(
  batch: LetterBatch,
  letter: BatchLetter,
): Omit<NewTicketInput, 'ticketId' | 'trackingCode' | 'now'> & { actor: Actor } {
  if (batch.status === 'OPEN') throw new Error('an open batch has no tickets yet');
  return {
    channel: CHANNEL_OF[batch.intakePoint.kind],
    intakePoint: batch.intakePoint,
    citizen: null,
    county: batch.county,
    text: '',
    attachments: letter.pages,
    paper: true,
    actor: staffActor(batch.submittedBy ?? batch.createdBy),
  };
}

/** Every letter kept has its ticket: the batch is done. */
export function markRegistered(batch: LetterBatch, letters: readonly BatchLetter[]): LetterBatch {
  if (batch.status !== 'SUBMITTED') return batch;
  if (letters.length !== batch.letterCount || keptLetters(letters).some((l) => !l.ticketId))
    throw new Error('a letter has no ticket yet');
  return { ...batch, status: 'REGISTERED', version: batch.version + 1 };
}

export interface BatchProgress {
  letters: number;
  /** Letters whose ticket is open, by the ticket's internal status. */
  byStatus: Partial<Record<TicketStatus, number>>;
  /** Letters of a submitted batch still waiting for their ticket. */
  awaitingTicket: number;
}

/** How far a batch's letters have got: counts by their tickets' statuses. */
export function batchProgress(
  letters: readonly BatchLetter[],
  statusOf: ReadonlyMap<string, TicketStatus>,
): BatchProgress {
  const byStatus: Partial<Record<TicketStatus, number>> = {};
  let awaitingTicket = 0;
  const kept = keptLetters(letters);
  for (const letter of kept) {
    const status = letter.ticketId ? statusOf.get(letter.ticketId) : undefined;
    if (!status) awaitingTicket++;
    else byStatus[status] = (byStatus[status] ?? 0) + 1;
  }
  return { letters: kept.length, byStatus, awaitingTicket };
}
