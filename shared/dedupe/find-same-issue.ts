import type { DedupeIndex, IndexedRequest } from '../store/dedupe-index.ts';
import {
  DEFAULT_DEDUPE_POLICY,
  type DedupeCandidate,
  type DedupePolicy,
  isSameIssue,
  type TermStatistics,
} from './matcher.ts';

/**
 * The newest indexed request about the same issue as `candidate` (within the policy's window),
 * other than the request itself: one index query per lookup key, then the confirmation.
 */
export async function findSameIssue(
  index: DedupeIndex,
  candidate: DedupeCandidate,
  options: { stats: TermStatistics; policy?: DedupePolicy; self?: string },
): Promise<IndexedRequest | null> {
  const policy = options.policy ?? DEFAULT_DEDUPE_POLICY;
  const since = new Date(Date.parse(candidate.receivedAt) - policy.windowDays * 86_400_000);
  const candidates = await index.candidates(candidate.fingerprint.lookupKeys, since);
  return (
    candidates.find((c) => c.ticketId !== options.self && isSameIssue(candidate, c, options.stats, policy)) ??
    null
  );
}
