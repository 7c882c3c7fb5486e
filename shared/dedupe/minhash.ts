import { matchingKey } from '../persian/normalize.ts';

/**
 * Near-duplicate detection for requests: MinHash signatures over the content words of a request
 * (its boilerplate — greetings, salutations, operators' phrasing, signatures — removed), with
 * LSH band keys so that finding candidates for a new request costs a fixed number of lookups
 * whatever the number of stored requests. Deterministic: fixed seeds, no randomness at runtime.
 */

// Function words and the formulas letters, notes and messages wrap a request in: they say
// nothing about which concrete issue a request is about.
const STOPWORDS = new Set(
  [
    'و',
    'در',
    'به',
    'از',
    'که',
    'را',
    'با',
    'این',
    'آن',
    'است',
    'هست',
    'بود',
    'شده',
    'شد',
    'می',
    'ما',
    'من',
    'شما',
    'ای',
    'برای',
    'تا',
    'هم',
    'همه',
    'یک',
    'دو',
    'سه',
    'چند',
    'هیچ',
    'اما',
    'ولی',
    'اگر',
    'یا',
    'نیز',
    'همچنین',
    'پس',
    'چون',
    'دارد',
    'داریم',
    'دارم',
    'ندارد',
    'نداریم',
    'کرده',
    'کرد',
    'کند',
    'کنند',
    'کنید',
    'بکنید',
    'کنین',
    'است',
    'اند',
    'ایم',
    'سلام',
    'احترام',
    'اینجانب',
    'ساکن',
    'استحضار',
    'میرساند',
    'رساند',
    'تشکر',
    'باتشکر',
    'ریاست',
    'محترم',
    'جمهوری',
    'اسلامی',
    'ایران',
    'جناب',
    'آقای',
    'اقای',
    'استاندار',
    'حضور',
    'هییت',
    'دولت',
    'خسته',
    'نباشید',
    'لطفا',
    'لطفاً',
    'خواهشمندیم',
    'خواهش',
    'تقاضای',
    'تقاضا',
    'درخواست',
    'رسیدگی',
    'فوری',
    'پیگیری',
    'اقدام',
    'دستور',
    'تماس',
    'گیرنده',
    'تماسگیرنده',
    'اظهار',
    'داشت',
    'محل',
    'شماره',
    'اهالی',
    'طرف',
    'مشکلات',
    'مشکل',
    'زیادی',
    'مهمترین',
    'اصلی',
    'آقا',
    'توروخدا',
    'یه',
    'کاری',
    'کسی',
    'داد',
    'نمیرسه',
    'دیگه',
    'خواستار',
    'دستگاه',
    'مربوط',
    'روستای',
    'شهر',
    'شهرک',
  ].map((w) => matchingKey(w)),
);

export const SIGNATURE_SIZE = 64;
export const BANDS = 16;
export const ROWS_PER_BAND = SIGNATURE_SIZE / BANDS;

function fnv1a(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** MurmurHash3's finalizer: a fast, well-mixed permutation of 32-bit values. */
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const SEEDS = Uint32Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix(0x9e3779b9 * (i + 1)));

/** The words that carry what a request is about. */
export function contentWords(text: string): string[] {
  return matchingKey(text.slice(0, 20_000))
    .split(' ')
    .filter((w) => w.length > 1 && !STOPWORDS.has(w) && !/\d/.test(w));
}

/** Hashed content words and word pairs. */
export function shingles(text: string): Set<number> {
  const words = contentWords(text);
  const set = new Set<number>();
  for (let i = 0; i < words.length; i++) {
    set.add(fnv1a(words[i] as string));
    if (i > 0) set.add(fnv1a(`${words[i - 1]} ${words[i]}`));
  }
  return set;
}

export function signature(set: ReadonlySet<number>): Uint32Array {
  const sig = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const value of set) {
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const h = mix(value ^ (SEEDS[i] as number));
      if (h < (sig[i] as number)) sig[i] = h;
    }
  }
  return sig;
}

/** One key per band: two requests sharing any key are candidates. */
export function bandKeys(sig: Uint32Array): string[] {
  const keys: string[] = [];
  for (let b = 0; b < BANDS; b++) {
    let h = 2166136261;
    for (let r = 0; r < ROWS_PER_BAND; r++)
      h = Math.imul(h ^ (sig[b * ROWS_PER_BAND + r] as number), 16777619);
    keys.push(`${b}:${(h >>> 0).toString(36)}`);
  }
  return keys;
}

export function jaccard(a: ReadonlySet<number>, b: ReadonlySet<number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let shared = 0;
  for (const v of small) if (large.has(v)) shared++;
  return shared / (a.size + b.size - shared);
}
