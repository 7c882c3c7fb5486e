import type { DedupeFingerprint } from './fingerprint.ts';
import { isListed } from './places.ts';

/**
 * Whether two requests are about the same concrete issue (SPEC §4): the same place and the same
 * problem, whoever wrote them and through whichever channel. Document frequencies (from the
 * training corpus) weight the shared terms of the wording comparison: common words count little,
 * rare ones a lot; terms never seen in training count as rarest.
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
  /** Weighted cosine of the sketches needed at one place when neither request names a problem. */
  samePlace: number;
  /** Weighted cosine needed for one problem in one town, when neither names a finer place. */
  sameTown: number;
  /** Weighted cosine needed for one problem when the places cannot be compared. */
  sameProblemWording: number;
  /** Weighted cosine needed when one citizen writes twice. */
  sameCitizen: number;
  /** Requests further apart than this are separate issues. */
  windowDays: number;
}

export const DEFAULT_DEDUPE_POLICY: DedupePolicy = {
  samePlace: 0.2,
  sameTown: 0.2,
  sameProblemWording: 0.4,
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

type PlaceRelation = 'same' | 'same town' | 'different' | 'unknown';

/**
 * Fine places decide: a place in common makes it the same place; two sets of listed places with
 * none in common make them different (an unlisted name may be a misreading, so it alone does not).
 * When neither names a fine place, the town they name is compared: one town is a wide place, so
 * the same town needs the same problem in words that agree.
 */
export function placeRelation(a: DedupeFingerprint, b: DedupeFingerprint): PlaceRelation {
  const shares = (x: readonly string[], y: readonly string[]) => x.some((p) => y.includes(p));
  if (shares(a.places, b.places)) return 'same';
  if (a.places.some(isListed) && b.places.some(isListed)) return 'different';
  if (a.places.length || b.places.length) return 'unknown';
  if (a.towns.length && b.towns.length) return shares(a.towns, b.towns) ? 'same town' : 'different';
  return 'unknown';
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
  const place = placeRelation(a.fingerprint, b.fingerprint);
  // Two requests about different places are different issues however alike their wording.
  if (place === 'different') return false;
  const sameCategory = !a.category || !b.category || a.category === b.category;
  const similarity = weightedCosine(a.fingerprint.sketch, b.fingerprint.sketch, stats);
  const sharedProblem = a.fingerprint.concepts.some((c) => b.fingerprint.concepts.includes(c));
  if (place === 'same town') {
    // A problem named on one side only (the lexicon missed the other's words) needs the wording.
    const disjoint = a.fingerprint.concepts.length > 0 && b.fingerprint.concepts.length > 0 && !sharedProblem;
    return (
      sameCategory &&
      (sharedProblem ? similarity >= policy.sameTown : !disjoint && similarity >= policy.sameProblemWording)
    );
  }
  if (place === 'same') {
    const [x, y] = [a.fingerprint.concepts, b.fingerprint.concepts];
    // The same village with a different problem is not a duplicate.
    if (x.length && y.length) return x.some((c) => y.includes(c));
    return sameCategory && similarity >= policy.samePlace;
  }
  // One names a place the other's wording does not show: the same problem in much the same words.
  // With no place on either side the request is a personal one, the citizen's own, unless the
  // same citizen repeats it.
  const placed = (f: DedupeFingerprint) => f.places.length > 0 || f.towns.length > 0;
  if (placed(a.fingerprint) || placed(b.fingerprint))
    if (sameCategory && sharedProblem && similarity >= policy.sameProblemWording) return true;
  return (
    sameCategory && a.citizenKey !== null && a.citizenKey === b.citizenKey && similarity >= policy.sameCitizen
  );
}
