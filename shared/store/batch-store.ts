import type { BatchLetter, LetterBatch } from '../domain/letter-batch.ts';

/** Letter batches and their letters. Every write checks the batch's version. */
export interface BatchStore {
  createBatch(batch: LetterBatch): Promise<void>;
  getBatch(batchId: string): Promise<LetterBatch | null>;
  /** Saves the batch as `after` (its version one past what was read) with the added letters, atomically. */
  saveAddedLetters(after: LetterBatch, added: readonly BatchLetter[]): Promise<void>;
  listLetters(batchId: string): Promise<BatchLetter[]>;
}
