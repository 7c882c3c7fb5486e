import type { DedupeCandidate, TermStatistics } from './matcher.ts';
import { DEFAULT_DEDUPE_POLICY, type DedupePolicy, isSameIssue } from './matcher.ts';

/** Newest entries read per lookup key, as the store's index query reads them. */
export const CANDIDATES_PER_KEY = 10;

/**
 * In-memory clustering for the `dedupe` CLI and evaluation: the same lookup keys, the same bounded
 * reads (the newest few per key) and the same confirmation the store-backed path uses, with each
 * request joining the cluster of the first candidate it matches. Clusters are named by their
 * first request's id.
 */
export class InMemoryClusterer {
  private readonly byKey = new Map<string, string[]>();
  private readonly entries = new Map<string, DedupeCandidate & { clusterId: string }>();
  private readonly stats: TermStatistics;
  private readonly policy: DedupePolicy;

  constructor(stats: TermStatistics, policy: DedupePolicy = DEFAULT_DEDUPE_POLICY) {
    this.stats = stats;
    this.policy = policy;
  }

  add(id: string, candidate: DedupeCandidate): string {
    const seen = new Set<string>();
    let clusterId = id;
    search: for (const key of candidate.fingerprint.lookupKeys) {
      for (const other of (this.byKey.get(key) ?? []).slice(-CANDIDATES_PER_KEY).reverse()) {
        if (seen.has(other)) continue;
        seen.add(other);
        const entry = this.entries.get(other);
        if (entry && isSameIssue(candidate, entry, this.stats, this.policy)) {
          clusterId = entry.clusterId;
          break search;
        }
      }
    }
    this.entries.set(id, { ...candidate, clusterId });
    for (const key of candidate.fingerprint.lookupKeys) {
      const list = this.byKey.get(key) ?? [];
      list.push(id);
      this.byKey.set(key, list);
    }
    return clusterId;
  }
}
