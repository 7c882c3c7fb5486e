import type { DedupeFingerprint } from './fingerprint.ts';

/**
 * Whether two requests are about the same concrete issue. Document frequencies (from the
 * training corpus) weight the shared terms: common words count little, rare ones — a village, a
 * school's name — a lot; terms never seen in training count as rarest.
 */
export interface TermStatistics {
  documents: number;
  /** Document frequency by term hash; absent terms are treated as seen once. */
  frequency: ReadonlyMap<number, number>;
}

export interface DedupeCandidate {
  fingerprint: DedupeFingerprint;
  county: string | null;
  category: string | null;
  receivedAt: string;
  /** Keyed hash of the citizen's mobile or national ID, when known. */
  citizenKey: string | null;
}

export interface DedupePolicy {
  /** Weighted cosine needed when both requests name the same place. */
  samePlace: number;
  /** Weighted cosine needed at the same place when the classifier put the two in different categories. */
  otherCategory: number;
  /** Weighted cosine needed when one citizen writes twice. */
  sameCitizen: number;
  /** Requests further apart than this are separate issues. */
  windowDays: number;
}

export const DEFAULT_DEDUPE_POLICY: DedupePolicy = {
  samePlace: 0.2,
  otherCategory: 0.6,
  sameCitizen: 0.35,
  windowDays: 30,
};

export function weightedCosine(a: readonly number[], b: readonly number[], stats: TermStatistics): number {
  const idf = (term: number) => Math.log((stats.documents + 1) / ((stats.frequency.get(term) ?? 1) + 1));
  const bSet = new Set(b);
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (const t of a) {
    const w = idf(t);
    normA += w * w;
    if (bSet.has(t)) dot += w * w;
  }
  for (const t of b) normB += idf(t) ** 2;
  return normA && normB ? dot / Math.sqrt(normA * normB) : 0;
}

export function isSameIssue(
  a: DedupeCandidate,
  b: DedupeCandidate,
  stats: TermStatistics,
  policy = DEFAULT_DEDUPE_POLICY,
): boolean {
  if (a.county && b.county && a.county !== b.county) return false;
  const apart = Math.abs(Date.parse(a.receivedAt) - Date.parse(b.receivedAt));
  if (apart > policy.windowDays * 86_400_000) return false;
  const samePlace = a.fingerprint.places.some((p) => b.fingerprint.places.includes(p));
  const otherPlaces = a.fingerprint.places.length > 0 && b.fingerprint.places.length > 0 && !samePlace;
  // Two requests about different places are different issues however alike their wording; and
  // the same complaint with no place (a meter, a loan) is each citizen's own.
  if (otherPlaces) return false;
  const similarity = weightedCosine(a.fingerprint.terms, b.fingerprint.terms, stats);
  // On short notes the classifier may name different categories for one issue, so a different
  // category does not rule a pair out; it only asks for much closer wording.
  const sameCategory = !a.category || !b.category || a.category === b.category;
  const needed = sameCategory ? policy.samePlace : policy.otherCategory;
  if (samePlace && similarity >= needed) return true;
  return (
    sameCategory && a.citizenKey !== null && a.citizenKey === b.citizenKey && similarity >= policy.sameCitizen
  );
}
