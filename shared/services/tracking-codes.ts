import type { SequenceStore } from '../store/sequence-store.ts';

/** Where registration gets the next tracking code. */
export interface TrackingCodeSource {
  next(): Promise<string>;
}

export const TRACKING_CODE_SEQUENCE = 'TRACKING_CODE';
/** Numbers a function reserves at a time; those it never uses when it is recycled are skipped. */
const BLOCK = 50;

/**
 * Tracking codes from a sequence: each number is permuted into a code (the cipher), and the
 * numbers are reserved from the store a block at a time, so a web request costs no store call
 * for its code and no two tickets ever share one.
 */
export function sequencedTrackingCodes(deps: {
  sequences: SequenceStore;
  cipher: (sequence: number) => string;
  block?: number;
}): TrackingCodeSource {
  const block = deps.block ?? BLOCK;
  let next = 0;
  let end = 0;
  let refill: Promise<void> | null = null;
  return {
    async next() {
      while (next >= end) {
        refill ??= deps.sequences
          .reserve(TRACKING_CODE_SEQUENCE, block)
          .then((reserved) => {
            next = reserved.first;
            end = reserved.first + reserved.count;
          })
          .finally(() => {
            refill = null;
          });
        await refill;
      }
      return deps.cipher(next++);
    },
  };
}
