import pMap from 'p-map';
import type { z } from 'zod';
import type { IntakeQueue } from '../adapters/intake-queue.ts';
import { ConflictError, NotFoundError } from '../domain/errors.ts';
import { newBatchId } from '../domain/ids.ts';
import {
  type AddLettersInput,
  addLetters,
  assertBatchOpen,
  type BatchLetter,
  type BatchProgress,
  batchProgress,
  type CancelBatchSchema,
  type CreateBatchInput,
  cancelBatch,
  type LetterBatch,
  letterTicket,
  markRegistered,
  openBatch,
  type RedeclarePagesSchema,
  redeclarePages,
  removeLetter,
  type StoredScan,
  submitBatch,
} from '../domain/letter-batch.ts';
import type { TicketStatus } from '../domain/status.ts';
import type { BatchStore } from '../store/batch-store.ts';
import type { ScanStore, ScanUpload } from '../store/scan-store.ts';
import type { TicketStore } from '../store/ticket-store.ts';
import { registerRequest } from './register-request.ts';
import type { TrackingCodeSource } from './tracking-codes.ts';

/** What opening a submitted batch's tickets needs (the batch sweep has no access to scans). */
export interface BatchRegistrationDeps {
  batches: BatchStore;
  tickets: TicketStore;
  trackingCodes: TrackingCodeSource;
  intakeQueue: IntakeQueue;
  now: () => Date;
  /** Told when a ticket's hand-off to the queue failed; the batch sweep hands it off again. */
  onEnqueueFailure?: (ticketId: string, error: unknown) => void;
}

export interface LetterBatchDeps extends BatchRegistrationDeps {
  scans: ScanStore;
  newBatchId?: () => string;
}

/** Storage calls in flight at once for one request: quick for 500 letters, gentle on S3 and DynamoDB. */
const PARALLEL = 16;

export async function createLetterBatch(
  deps: LetterBatchDeps,
  operator: string,
  input: CreateBatchInput,
): Promise<LetterBatch> {
  const batch = openBatch((deps.newBatchId ?? newBatchId)(), input, operator, deps.now());
  await deps.batches.createBatch(batch);
  return batch;
}

export interface AddedLetter {
  letterNo: number;
  pages: Array<{ page: number; contentType: string; size: number; upload: ScanUpload }>;
}

/** Adds letters to an open batch and hands back, for each page, where to upload it. */
export async function addBatchLetters(
  deps: LetterBatchDeps,
  batchId: string,
  input: AddLettersInput,
): Promise<{ batch: LetterBatch; letters: AddedLetter[] }> {
  const batch = await requireBatch(deps, batchId);
  const { batch: next, added } = addLetters(batch, input);
  const after = { ...next, version: batch.version + 1 };
  // Two operators adding at once: one wins, the other gets 409 and adds again (nothing half-kept).
  await deps.batches.saveAddedLetters(after, added);
  return { batch: after, letters: await Promise.all(added.map((letter) => uploadsFor(deps, letter))) };
}

/**
 * Fresh upload URLs for a letter's pages (the first ones expired, or an upload failed); with
 * `redeclared`, the letter's pages declared again first (another type or size, pages added).
 */
export async function letterUploads(
  deps: LetterBatchDeps,
  batchId: string,
  letterNo: number,
  redeclared?: z.output<typeof RedeclarePagesSchema>,
): Promise<AddedLetter> {
  const { batch, letter } = await batchLetter(deps, batchId, letterNo);
  assertBatchOpen(batch);
  if (!redeclared) {
    if (letter.removed) throw new NotFoundError('letter');
    return uploadsFor(deps, letter);
  }
  const changed = redeclarePages(batch, letter, redeclared);
  await deps.batches.saveLetterChange(changed.batch, changed.letter);
  return uploadsFor(deps, changed.letter);
}

/** Takes a letter out of an open batch. */
export async function removeBatchLetter(
  deps: LetterBatchDeps,
  operator: string,
  batchId: string,
  letterNo: number,
): Promise<BatchLetter> {
  const { batch, letter } = await batchLetter(deps, batchId, letterNo);
  const removed = removeLetter(batch, letter, operator, deps.now());
  if (removed.batch !== batch) await deps.batches.saveLetterChange(removed.batch, removed.letter);
  return removed.letter;
}

/** Gives up an open batch; its uploaded scans are left to the bucket's lifecycle. */
export async function cancelLetterBatch(
  deps: LetterBatchDeps,
  operator: string,
  batchId: string,
  input: z.output<typeof CancelBatchSchema>,
): Promise<LetterBatch> {
  const cancelled = cancelBatch(await requireBatch(deps, batchId), input, operator, deps.now());
  await deps.batches.saveBatch(cancelled);
  return cancelled;
}

async function batchLetter(
  deps: LetterBatchDeps,
  batchId: string,
  letterNo: number,
): Promise<{ batch: LetterBatch; letter: BatchLetter }> {
  const batch = await requireBatch(deps, batchId);
  const letter = await deps.batches.getLetter(batch.batchId, letterNo);
  if (!letter) throw new NotFoundError('letter');
  return { batch, letter };
}

async function uploadsFor(deps: LetterBatchDeps, letter: BatchLetter): Promise<AddedLetter> {
  return {
    letterNo: letter.letterNo,
    pages: await Promise.all(
      letter.pages.map(async (page) => ({
        page: page.page ?? 1,
        contentType: page.contentType,
        size: page.size ?? 0,
        upload: await deps.scans.uploadUrl({
          key: page.key,
          contentType: page.contentType,
          size: page.size ?? 0,
        }),
      })),
    ),
  };
}

/**
 * Submits a batch: every page must be in storage at its declared size and format, else nothing
 * changes and every faulty page is named. Then each letter becomes a paper ticket, in DIGITIZING,
 * handed to the workflow. Safe to repeat: a submitted batch finishes opening its tickets (each
 * letter's ticket is created once, keyed by batch and letter), which is also how the reconciler
 * completes a submission that was cut short.
 */
export async function submitLetterBatch(
  deps: LetterBatchDeps,
  operator: string,
  batchId: string,
  budget: RegistrationBudget = {},
): Promise<LetterBatch> {
  let batch = await requireBatch(deps, batchId);
  if (batch.status === 'OPEN') {
    const letters = await deps.batches.listLetters(batchId);
    const keys = letters.flatMap((letter) => letter.pages.map((page) => page.key));
    const found = await pMap(keys, (key) => deps.scans.inspect(key), { concurrency: PARALLEL });
    const stored = new Map<string, StoredScan | null>(keys.map((key, i) => [key, found[i] ?? null]));
    const submitted = submitBatch(batch, letters, stored, operator, deps.now());
    try {
      await deps.batches.saveBatch(submitted);
      batch = submitted;
    } catch (error) {
      // A second click, or a second operator: whoever won submitted it; carry on from there.
      // If letters were added meanwhile instead, the caller submits again (409).
      if (!(error instanceof ConflictError)) throw error;
      batch = await requireBatch(deps, batchId);
      if (batch.status === 'OPEN') throw error;
    }
  }
  return registerBatchLetters(deps, batch, budget);
}

/** When to stop opening tickets (epoch ms): a caller's time runs out; the sweep does the rest. */
export interface RegistrationBudget {
  until?: number;
}

/**
 * Opens the missing tickets of a submitted batch and hands each to the workflow. A letter records
 * its ticket only once the hand-off succeeded, so a failed hand-off (or a caller out of time)
 * leaves the batch SUBMITTED and the sweep's next run carries on; when every letter has its
 * ticket: REGISTERED.
 */
export async function registerBatchLetters(
  deps: BatchRegistrationDeps,
  batch: LetterBatch,
  budget: RegistrationBudget = {},
): Promise<LetterBatch> {
  if (batch.status !== 'SUBMITTED') return batch;
  const letters = await deps.batches.listLetters(batch.batchId);
  const ticketIds = await pMap(
    letters,
    async (letter) => {
      if (letter.ticketId) return letter.ticketId;
      // A letter taken out opens no ticket (undefined: neither done nor waiting).
      if (letter.removed) return undefined;
      // Out of time: this letter waits for the next call or the sweep, still SUBMITTED.
      if (budget.until !== undefined && Date.now() > budget.until) return null;
      let handedOff = true;
      const { ticket } = await registerRequest(
        {
          tickets: deps.tickets,
          trackingCodes: deps.trackingCodes,
          intakeQueue: deps.intakeQueue,
          now: deps.now,
          onEnqueueFailure: (ticketId, error) => {
            handedOff = false;
            deps.onEnqueueFailure?.(ticketId, error);
          },
        },
        { ...letterTicket(batch, letter), idempotencyKey: `${batch.batchId}-letter-${letter.letterNo}` },
      );
      if (!handedOff) return null;
      await deps.batches.setLetterTicket(batch.batchId, letter.letterNo, ticket.ticketId);
      return ticket.ticketId;
    },
    { concurrency: PARALLEL },
  );
  if (ticketIds.some((id) => id === null)) return batch;
  const registered = markRegistered(
    batch,
    letters.map((letter, i) => ({ ...letter, ticketId: ticketIds[i] ?? null })),
  );
  try {
    await deps.batches.saveBatch(registered);
    return registered;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    return requireBatch(deps, batch.batchId);
  }
}

export interface BatchView {
  batch: LetterBatch;
  progress: BatchProgress;
  letters: Array<{
    letterNo: number;
    pages: number;
    removed: boolean;
    ticketId: string | null;
    trackingCode: string | null;
    status: TicketStatus | null;
  }>;
}

/** A batch with each letter's ticket and status: what the operator's progress screen shows. */
export async function getBatchView(deps: LetterBatchDeps, batchId: string): Promise<BatchView> {
  const batch = await requireBatch(deps, batchId);
  const letters = await deps.batches.listLetters(batchId);
  const tickets = await deps.tickets.getTickets(letters.flatMap((l) => l.ticketId ?? []));
  const byId = new Map(tickets.map((t) => [t.ticketId, t]));
  return {
    batch,
    progress: batchProgress(letters, new Map(tickets.map((t) => [t.ticketId, t.status]))),
    letters: letters.map((letter) => {
      const ticket = letter.ticketId ? byId.get(letter.ticketId) : undefined;
      return {
        letterNo: letter.letterNo,
        pages: letter.pages.length,
        removed: Boolean(letter.removed),
        ticketId: letter.ticketId,
        trackingCode: ticket?.trackingCode ?? null,
        status: ticket?.status ?? null,
      };
    }),
  };
}

async function requireBatch(
  deps: Pick<BatchRegistrationDeps, 'batches'>,
  batchId: string,
): Promise<LetterBatch> {
  const batch = await deps.batches.getBatch(batchId);
  if (!batch) throw new NotFoundError('batch');
  return batch;
}
