import type { DedupeCandidate } from '../dedupe/matcher.ts';

/** A request as the dedupe index keeps it: enough to confirm a match without reading the ticket. */
export interface IndexedRequest extends DedupeCandidate {
  ticketId: string;
  clusterId: string;
  /** The referral the request joined or opened: what a duplicate needs to join it without reading it. */
  referral: IndexedReferral | null;
}

export interface IndexedReferral {
  referralId: string;
  agencyId: string;
  category: string;
  dueAt: string;
}

/**
 * The dedupe index: a request under each of its lookup keys (at most three: place and problem,
 * citizen, wording), so the candidates for a new request cost one query per key and read the
 * newest few entries of each, however many requests are stored or name the same issue.
 */
export interface DedupeIndex {
  add(request: IndexedRequest): Promise<void>;
  /**
   * Requests sharing a key with `keys`, received since `since`: the newest `perKey` of each key,
   * newest first overall, each request at most once.
   */
  candidates(keys: readonly string[], since: Date, perKey?: number): Promise<IndexedRequest[]>;
}
