import { contentWords } from './content-words.ts';
import type { TermStatistics } from './matcher.ts';

/**
 * What dedupe keeps of a request: where it is about (fine places, towns), which problems it
 * names (concepts), a sketch of its rarest content terms for wording similarity, and at most
 * three lookup keys. Everything needed to confirm a candidate is in here and small, so a candidate
 * is never re-read or re-tokenized and an index query reads a bounded number of small items.
 */
export interface DedupeFingerprint {
  places: string[];
  towns: string[];
  concepts: string[];
  /** Hashes of the request's rarest content word stems, at most SKETCH_SIZE. */
  sketch: number[];
  lookupKeys: string[];
}

export const SKETCH_SIZE = 48;
export const MAX_LOOKUP_KEYS = 3;

function fnv1a(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function termHash(term: string): number {
  return fnv1a(term);
}

/** Letters of a content word compared: «خرابه» and «خراب», «دیالیزی» and «دیالیز» compare alike. */
const STEM_LETTERS = 5;

/** A content word as dedupe compares it. */
export function stemOf(word: string): string {
  return word.slice(0, STEM_LETTERS);
}

/** Hashed content word stems of a text. */
export function contentTerms(text: string): number[] {
  return [...new Set(contentWords(text).map((w) => termHash(stemOf(w))))];
}

/** The rarest terms first (ties by hash, so the sketch is deterministic). */
export function sketchOf(terms: readonly number[], stats: TermStatistics): number[] {
  const df = (t: number) => stats.frequency.get(t) ?? 1;
  return [...terms].sort((a, b) => df(a) - df(b) || a - b).slice(0, SKETCH_SIZE);
}

/**
 * Lookup keys, at most three: the first fine place with its problem (so hundreds of letters about
 * one village's transformer do not hide that village's other issues) and with its category (where
 * a letter that names no problem in the lexicon finds those that do, and they it); then a second
 * problem or place; a town instead when no fine place is named; and the citizen (a person writing
 * twice) before all but the first.
 */
export function lookupKeys(input: {
  county: string | null;
  category: string | null;
  places: readonly string[];
  towns: readonly string[];
  concepts: readonly string[];
  citizenKey: string | null;
}): string[] {
  const scope = input.county ?? '-';
  const category = input.category ?? '-';
  const [kind, where] = input.places.length ? ['p', input.places] : ['t', input.towns.slice(0, 1)];
  const [first, second] = where;
  const [problem, otherProblem] = input.concepts;
  const at = (place: string | undefined, what: string | undefined) =>
    place && what ? [`${kind}:${scope}:${place}:${what}`] : [];
  const keys = [
    ...at(first, problem),
    ...at(first, category),
    ...at(first, otherProblem),
    ...at(second, problem ?? category),
  ];
  const placed = keys.slice(0, input.citizenKey ? MAX_LOOKUP_KEYS - 1 : MAX_LOOKUP_KEYS);
  if (input.citizenKey) placed.push(`c:${input.citizenKey}`);
  return placed;
}
