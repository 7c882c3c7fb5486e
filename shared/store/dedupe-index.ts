import type { DedupeCandidate } from '../dedupe/matcher.ts';

/** A request as the dedupe index keeps it: enough to confirm a match without reading the ticket. */
export interface IndexedRequest extends DedupeCandidate {
  ticketId: string;
  clusterId: string;
}

/**
 * The dedupe index: a request under each of its lookup keys (MinHash bands, places), so the
 * candidates for a new request cost one query per key, however many requests are stored.
 */
export interface DedupeIndex {
  add(request: IndexedRequest): Promise<void>;
  /** Requests sharing a key with `keys`, received since `since`, newest first, each at most once. */
  candidates(keys: readonly string[], since: Date, perKey?: number): Promise<IndexedRequest[]>;
}
