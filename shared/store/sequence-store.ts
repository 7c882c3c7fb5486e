/**
 * Counters that never hand out a number twice (tracking codes are permutations of one). Numbers
 * are reserved in blocks so that a function asks the store once per block, not once per number.
 */
export interface SequenceStore {
  /** Reserves `count` numbers of the named sequence: [first, first + count), starting at 0. */
  reserve(sequence: string, count: number): Promise<{ first: number; count: number }>;
}
