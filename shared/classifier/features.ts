import { matchingKey } from '../persian/normalize.ts';

/**
 * Hashed features of a request's text, on the matching key (so Arabic-keyboard, ZWNJ and digit
 * variants look alike): word unigrams and bigrams, character 3- and 4-grams inside words, and
 * character 4-grams across the text with spaces removed (so «چشمه کبود», «چشمه‌کبود» and
 * «چشمهکبود» share features). Two parts of a letter get features of their own:
 * - the address line («ریاست محترم شرکت گاز …»): who the writer addressed, which is weak
 *   evidence of the agency that must act, so it is kept apart from the body;
 * - the main request: in a long letter that lists side issues first, what follows «اما مهم‌ترین
 *   مشکل …», «خواسته اصلی …» and the like decides (SPEC §4), so the side issues before it count
 *   for a quarter.
 * Hashing (FNV-1a into a fixed number of buckets) keeps the model a fixed, small size.
 */
export const MAX_TEXT_CHARS = 20_000;
export const FEATURE_SET = 'pasokh-features-v2';
/** How much the side issues of a long letter count beside its main request. */
const SIDE_WEIGHT = 0.25;

function fnv1a(text: string, seed = 2166136261): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** The bucket a feature string hashes to. */
export function hashFeature(feature: string, buckets: number): number {
  return fnv1a(feature) % buckets;
}

export interface FeatureVector {
  indices: Int32Array;
  values: Float32Array;
}

const wordsOf = (key: string) => (key ? key.split(' ').filter((t) => t.length > 0 && !/^\d+$/.test(t)) : []);

export function tokens(text: string): string[] {
  return wordsOf(matchingKey(text.slice(0, MAX_TEXT_CHARS)));
}

const ADDRESS_LINE =
  /^(بسمه|به نام|ریاست|رئیس|رییس|جناب|مدیر|مدیرعامل|حضور|سرکار|شهردار|شورا|فرماندار|استاندار|دادستان|فرمانده|بخشدار|دهیار|وزیر|مسئول)/;

// What a long letter says before its main request, on matching keys (longest first).
const MAIN_MARKERS = [
  'اما مهمترین',
  'ولی مهمترین',
  'اما مشکل اصلی',
  'ولی مشکل اصلی',
  'مهمترین مشکل',
  'مهمترین درخواست',
  'مهمترین خواسته',
  'درخواست اصلی',
  'خواسته اصلی',
  'خواهش اصلی',
  'مشکل اصلی',
  'موضوع اصلی',
  'اصل حرف',
  'دلیل نامه',
  'دلیل این نامه',
  'موضوع نامه',
  'موضوع این نامه',
  'این نامه',
  'این بار',
].map((m) => ` ${matchingKey(m)} `);
const WEAK_MARKERS = [' اما ', ' ولی '];

/** The parts of a request that weigh differently: who it addresses, its body, its main request. */
export function requestParts(text: string): { address: string; body: string; main: string | null } {
  const lines = text.slice(0, MAX_TEXT_CHARS).split('\n');
  let start = 0;
  // Up to two heading lines («بسمه تعالی», «ریاست محترم …»), short, before the letter itself.
  while (start < Math.min(2, lines.length - 1)) {
    const line = matchingKey(lines[start] as string);
    if (line.length > 90 || !ADDRESS_LINE.test(line)) break;
    start++;
  }
  const address = matchingKey(lines.slice(0, start).join(' '));
  const body = matchingKey(lines.slice(start).join('\n'));
  const padded = ` ${body} `;
  let at = -1;
  for (const marker of MAIN_MARKERS) {
    const found = padded.lastIndexOf(marker);
    if (found > at) at = found;
  }
  if (at < 0) {
    // «اما …» or «ولی …» in the second half of a letter of some length.
    for (const marker of WEAK_MARKERS) {
      const found = padded.lastIndexOf(marker);
      if (found > padded.length / 2 && padded.length > 200 && found > at) at = found;
    }
  }
  return { address, body, main: at >= 0 ? padded.slice(at).trim() : null };
}

/** Hashed feature counts of a request's text (before the cue features and normalization). */
export function featureCounts(text: string, buckets: number): Map<number, number> {
  const counts = new Map<number, number>();
  const add = (feature: string, weight = 1) => {
    const index = fnv1a(feature) % buckets;
    counts.set(index, (counts.get(index) ?? 0) + weight);
  };
  const { address, body, main } = requestParts(text);
  // With a main request, the side issues before it count for little: a model trained on short
  // letters then reads a long one by what it asks for.
  const side = main ? body.slice(0, Math.max(0, body.length - main.length)) : '';
  const addText = (part: string, weight: number) => {
    const words = wordsOf(part);
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      add(`w:${word}`, weight);
      if (i > 0) add(`b:${words[i - 1]} ${word}`, weight);
      const padded = `<${word}>`;
      for (let n = 3; n <= 4; n++) {
        for (let j = 0; j + n <= padded.length; j++) add(`c:${padded.slice(j, j + n)}`, weight);
      }
    }
    const squashed = words.join('');
    for (let j = 0; j + 4 <= squashed.length; j++) add(`s:${squashed.slice(j, j + 4)}`, weight / 2);
  };
  addText(main ?? body, 1);
  if (side) addText(side, SIDE_WEIGHT);
  for (const word of wordsOf(address)) add(`a:${word}`);
  return counts;
}
