import type { County } from '../domain/reference.ts';
import { matchingKey } from '../persian/normalize.ts';
import { bandKeys, contentWords, signature } from './minhash.ts';

/**
 * What dedupe keeps of a request: its hashed content terms (words and word pairs), the places it
 * names, and its lookup keys — MinHash band keys over character shingles of its content, and one
 * key per named place and category. Everything needed to confirm a candidate is in here, so a
 * candidate is never re-read or re-tokenized.
 */
export interface DedupeFingerprint {
  terms: number[];
  places: string[];
  lookupKeys: string[];
}

function fnv1a(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

export function termHash(term: string): number {
  return fnv1a(term);
}

/** Places of a county's gazetteer, matched with spaces and ZWNJ ignored (چشمه‌کبود = چشمه کبود). */
export class Gazetteer {
  private readonly places: Array<{ county: string; name: string; key: string }>;
  private readonly words: Set<string>;

  constructor(counties: readonly Pick<County, 'code' | 'places'>[]) {
    this.places = counties.flatMap((c) =>
      c.places.map((name) => ({ county: c.code, name, key: matchingKey(name).replaceAll(' ', '') })),
    );
    this.words = new Set(
      counties.flatMap((c) =>
        c.places.flatMap((name) => [matchingKey(name).replaceAll(' ', ''), ...matchingKey(name).split(' ')]),
      ),
    );
  }

  /** Words of place names: left out of the wording compared, since the place is compared itself. */
  isPlaceWord(word: string): boolean {
    return this.words.has(word);
  }

  find(text: string, county?: string): string[] {
    const squashed = matchingKey(text.slice(0, 20_000)).replaceAll(' ', '');
    return this.places
      .filter((p) => (!county || p.county === county) && p.key.length >= 3 && squashed.includes(p.key))
      .map((p) => p.key);
  }
}

const SHINGLE = 5;

export function fingerprint(
  text: string,
  options: { county?: string; category?: string; gazetteer: Gazetteer },
): DedupeFingerprint {
  const words = contentWords(text);
  const terms = new Set<number>();
  for (let i = 0; i < words.length; i++) {
    terms.add(termHash(words[i] as string));
    if (i > 0) terms.add(termHash(`${words[i - 1]} ${words[i]}`));
  }
  const squashed = words.join(' ');
  const shingles = new Set<number>();
  for (let i = 0; i + SHINGLE <= squashed.length; i++) shingles.add(fnv1a(squashed.slice(i, i + SHINGLE)));
  const places = options.gazetteer.find(text, options.county);
  const scope = options.county ?? '-';
  return {
    terms: [...terms],
    places,
    lookupKeys: [
      ...(shingles.size ? bandKeys(signature(shingles)).map((k) => `mh:${k}`) : []),
      ...places.map((p) => `place:${scope}:${p}`),
    ],
  };
}
