import type { BatchLetter, BatchStatus, LetterBatch } from '../domain/letter-batch.ts';
import type { Page, PageRequest } from './ticket-store.ts';

/** Letter batches and their letters. Every write of a batch checks its version. */
export interface BatchStore {
  createBatch(batch: LetterBatch): Promise<void>;
  getBatch(batchId: string): Promise<LetterBatch | null>;
  /** Saves the batch as `after` (its version one past what was read) with the added letters, atomically. */
  saveAddedLetters(after: LetterBatch, added: readonly BatchLetter[]): Promise<void>;
  /** Saves one changed letter with the batch (its version one past what was read), atomically. */
  saveLetterChange(after: LetterBatch, letter: BatchLetter): Promise<void>;
  /** Saves a batch's new state (its version one past what was read). */
  saveBatch(after: LetterBatch): Promise<void>;
  /** Records the ticket a letter opened; the same ticket again is a no-op, another one a conflict. */
  setLetterTicket(batchId: string, letterNo: number, ticketId: string): Promise<void>;
  listLetters(batchId: string): Promise<BatchLetter[]>;
  getLetter(batchId: string, letterNo: number): Promise<BatchLetter | null>;
  /** Batches in one status, oldest first (for the reconciler) or newest first (for operators). */
  listByStatus(
    status: BatchStatus,
    page?: PageRequest & { newestFirst?: boolean },
  ): Promise<Page<LetterBatch>>;
}
