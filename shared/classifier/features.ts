import { matchingKey } from '../persian/normalize.ts';

/**
 * Hashed features of a request's text: word unigrams and bigrams and character 3- and 4-grams
 * inside words, on the matching key (so Arabic-keyboard, ZWNJ and digit variants look alike).
 * Hashing (FNV-1a into a fixed number of buckets) keeps the model a fixed, small size whatever
 * the vocabulary; the few collisions cost little accuracy.
 */
export const MAX_TEXT_CHARS = 20_000;

function fnv1a(text: string, seed = 2166136261): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export interface FeatureVector {
  indices: Int32Array;
  values: Float32Array;
}

export function tokens(text: string): string[] {
  const key = matchingKey(text.slice(0, MAX_TEXT_CHARS));
  return key ? key.split(' ').filter((t) => t.length > 0 && !/^\d+$/.test(t)) : [];
}

/** Sparse, L2-normalized, log-scaled term frequencies over `buckets` hashed features. */
export function featurize(text: string, buckets: number, extra: readonly string[] = []): FeatureVector {
  const words = tokens(text);
  const counts = new Map<number, number>();
  const add = (feature: string) => {
    const index = fnv1a(feature) % buckets;
    counts.set(index, (counts.get(index) ?? 0) + 1);
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    add(`w:${word}`);
    if (i > 0) add(`b:${words[i - 1]} ${word}`);
    const padded = `<${word}>`;
    for (let n = 3; n <= 4; n++) {
      for (let j = 0; j + n <= padded.length; j++) add(`c:${padded.slice(j, j + n)}`);
    }
  }
  for (const feature of extra) add(`x:${feature}`);
  const indices = Int32Array.from(counts.keys());
  const values = new Float32Array(indices.length);
  let norm = 0;
  indices.forEach((index, i) => {
    const v = 1 + Math.log(counts.get(index) ?? 1);
    values[i] = v;
    norm += v * v;
  });
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < values.length; i++) values[i] = (values[i] as number) / norm;
  return { indices, values };
}
