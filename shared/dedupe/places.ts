import { matchingKey } from '../persian/normalize.ts';

/**
 * Where a request is about: the places its wording names, matched against a gazetteer of Ilam's
 * settlements (data/reference/settlements.json, from the official list) and the places
 * administrators add per county, spelling-insensitively; and places the wording marks as places
 * («روستای …», «محله …», «جاده … به …») even when no list has them.
 *
 * Fine places (a village, a neighbourhood, a street, a road) say which concrete issue it is;
 * towns (a city or county seat) only narrow it down.
 */
export interface GazetteerPlace {
  code: string;
  name: string;
  aliases: readonly string[];
  kind: 'village' | 'city';
  county: string;
}

export interface PlacesFound {
  /** Fine places: `g:<code>` (gazetteer), `n:<key>` (marked, not in it), `s:…` (street), `r:…` (road). */
  places: string[];
  /** Towns named: `g:<code>` of a city. */
  towns: string[];
  /** The county the places are in, when the request did not say. */
  county: string | null;
}

// Letters people (and OCR) swap in place names, folded to one: ط/ت, ث/ص/س, ذ/ض/ظ/ز, ح/ه, ق/غ, ع/ا.
const SOUNDS: Readonly<Record<string, string>> = {
  ط: 'ت',
  ث: 'س',
  ص: 'س',
  ذ: 'ز',
  ض: 'ز',
  ظ: 'ز',
  ح: 'ه',
  ق: 'غ',
  ع: 'ا',
};
const QUALIFIERS: Readonly<Record<string, string>> = { بالا: 'علیا', پایین: 'سفلی', پائین: 'سفلی' };

/** A place name's key: spaces, ZWNJ, Arabic letters, madda and sound-alike letters do not count. */
export function placeKey(name: string): string {
  return keyOfWords(matchingKey(name).split(' '));
}

/** The key of a name already split into matching-key words. */
function keyOfWords(words: readonly string[]): string {
  return words
    .map((w) => QUALIFIERS[w] ?? w)
    .join('')
    .replace(/[طثصذضظحقع]/g, (ch) => SOUNDS[ch] ?? ch);
}

/** Every key one letter shorter: two keys one edit apart share one (SymSpell's deletions). */
function deletions(key: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < key.length; i++) out.push(key.slice(0, i) + key.slice(i + 1));
  return out;
}

/**
 * One letter inserted, deleted or replaced. Shared deletions also pair «زایمان» with «ایمانی»
 * (a letter dropped at each end), two edits apart, so candidates are checked.
 */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (long.length - short.length > 1) return false;
  let i = 0;
  while (i < short.length && short[i] === long[i]) i++;
  const rest = short.length === long.length ? i + 1 : i;
  return short.slice(rest) === long.slice(i + 1);
}

/** Keys this long or longer also match one letter off («چمچه زر» ~ «چمچزر»). */
const FUZZY_FROM = 6;

interface Entry {
  id: string;
  county: string;
  kind: GazetteerPlace['kind'];
  words: number;
  key: string;
}

export class Gazetteer {
  private readonly byKey = new Map<string, Entry[]>();
  private readonly byDeletion = new Map<string, Entry[]>();

  constructor(places: readonly GazetteerPlace[]) {
    for (const place of places) {
      const id = `g:${place.code}`;
      for (const name of [place.name, ...place.aliases]) {
        const key = placeKey(name);
        if (key.length < 3) continue;
        const entry = {
          id,
          county: place.county,
          kind: place.kind,
          words: name.trim().split(/\s+/).length,
          key,
        };
        push(this.byKey, key, entry);
        if (key.length >= FUZZY_FROM) for (const d of deletions(key)) push(this.byDeletion, d, entry);
      }
    }
  }

  /** Entries whose name is `key` (or, `fuzzy`, one letter off for long names); in `county` when given. */
  lookup(key: string, county: string | null, fuzzy = false): Entry[] {
    let found = fuzzy ? [] : (this.byKey.get(key) ?? []);
    if (fuzzy && key.length >= FUZZY_FROM) {
      const near = new Map<string, Entry>();
      const add = (entries: readonly Entry[] | undefined) => {
        for (const e of entries ?? []) if (oneEditApart(e.key, key)) near.set(e.id, e);
      };
      add(this.byDeletion.get(key));
      for (const d of deletions(key)) {
        add(this.byKey.get(d));
        add(this.byDeletion.get(d));
      }
      found = [...near.values()];
    }
    return county ? found.filter((e) => e.county === county) : found;
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V) {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const SETTLEMENT_MARKERS = new Set(
  ['روستای', 'روستا', 'روستاهای', 'ده', 'دهستان', 'آبادی', 'ابادی', 'محله', 'محلهی', 'کوی', 'شهرک'].map((w) =>
    matchingKey(w),
  ),
);
// After these a name follows for sure («روستای هور», «محله بانبرز»); after «روستا» or «شهر» often
// not («آب روستا قطع است»), so only a name some list has counts there.
const NAMING_MARKERS = new Set(
  ['روستای', 'روستاهای', 'محله', 'محلهی', 'کوی', 'شهرک'].map((w) => matchingKey(w)),
);
const STREET_MARKERS = new Set(
  ['خیابان', 'خیابون', 'کوچه', 'بلوار', 'میدان', 'بازار'].map((w) => matchingKey(w)),
);
const TOWN_MARKERS = new Set(['شهر', 'شهرستان', 'بخش'].map((w) => matchingKey(w)));
const ROAD_MARKERS = new Set(['جاده', 'راه', 'مسیر', 'محور'].map((w) => matchingKey(w)));
const ROAD_JOINS = new Set(['به', 'تا', 'و']);
// First words of two-word names («چم کبود», «سراب باغ») and what follows a name («علیا»).
const NAME_HEADS = new Set(
  'چم سر بان ده چشمه تنگ کانی سراب قلعه تپه چقا دره کله پشت شهید امام سید حاج ملا علی گل هفت چال چنار دار بید کوه آب اب شاه میر باغ زرین مله پیر'
    .split(' ')
    .map((w) => matchingKey(w)),
);
const NAME_TAILS = new Set(
  'علیا سفلی وسطی بالا پایین جدید قدیم کوچک بزرگ اباد آباد'.split(' ').map((w) => matchingKey(w)),
);
// Words that are never a name right after a marker: «روستای ما», «شهر هم».
const NOT_A_NAME = new Set(
  'ما من شما ایمه این آن اون همین هم که و در از به با را تا است هست شده بود را نیز هر همه یک دو سه چند ما کلا اصلا مون مان خودمون خودمان'
    .split(' ')
    .map((w) => matchingKey(w)),
);
/** Unmarked village names must be this long: shorter ones are too often plain words. */
const UNMARKED_MIN = { knownCounty: 4, anyCounty: 6 };
const STREET_NAME_MIN = 3;
/** A listed settlement or a road between two places: names that are surely places. */
export const isListed = (place: string) => place.startsWith('g:') || place.startsWith('r:');
// Streets and neighbourhoods named after martyrs are written with «شهید» and without it.
const DROPPED_HEADS = new Set(['شهید']);

/**
 * `isPlainWord` tells words too common in requests to be a place nobody listed («اصلی»,
 * «جمع‌آوری»): an unlisted name after a marker, or an unmarked listed one, must not be one.
 */
export function findPlaces(
  text: string,
  county: string | null,
  gazetteer: Gazetteer,
  isPlainWord: (word: string) => boolean = () => false,
): PlacesFound {
  const words = matchingKey(text.slice(0, 20_000)).split(' ').filter(Boolean);
  const places = new Set<string>();
  const towns = new Set<string>();
  const counties = new Map<string, number>();
  const taken = new Set<number>();
  const resolve = (
    from: number,
    maxWords: number,
    tries: readonly boolean[] = [false, true],
  ): { entry: Entry; length: number } | null => {
    // Exact names first, at every length, before any one-letter-off match.
    for (const fuzzy of tries) {
      for (let n = Math.min(maxWords, words.length - from); n >= 1; n--) {
        const slice = words.slice(from, from + n);
        if (slice.some((w) => NOT_A_NAME.has(w))) continue;
        const entries = gazetteer.lookup(keyOfWords(slice), county, fuzzy);
        // A name in several counties without a county to choose by: the first, consistently.
        if (entries.length) return { entry: entries[0] as Entry, length: n };
      }
    }
    return null;
  };
  const note = (entry: Entry, from: number, length: number) => {
    (entry.kind === 'village' ? places : towns).add(entry.id);
    counties.set(entry.county, (counties.get(entry.county) ?? 0) + 1);
    for (let k = from; k < from + length; k++) taken.add(k);
  };
  const markedName = (from: number): string[] => {
    let at = from;
    if (DROPPED_HEADS.has(words[at] ?? '')) at++;
    const first = words[at];
    if (!first || NOT_A_NAME.has(first) || /\d/.test(first) || first.length < 2) return [];
    const next = words[at + 1];
    const two = next && !NOT_A_NAME.has(next) && (NAME_HEADS.has(first) || NAME_TAILS.has(next));
    if (!two && isPlainWord(first)) return [];
    return two ? [first, next] : [first];
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (SETTLEMENT_MARKERS.has(word) || TOWN_MARKERS.has(word)) {
      const found = resolve(i + 1, 3);
      if (found) note(found.entry, i + 1, found.length);
      else if (NAMING_MARKERS.has(word)) {
        const name = markedName(i + 1);
        if (name.length) places.add(`n:${keyOfWords(name)}`);
      }
    } else if (STREET_MARKERS.has(word) && !resolve(i, 3, [false])) {
      // (A listed name may begin with the marker: the village «میدان پاریاب».)
      // «تو کوچه بو گرفته»: a street's one-word name is longer than a short plain word.
      const name = markedName(i + 1);
      if (name.length > 1 || (name[0]?.length ?? 0) >= STREET_NAME_MIN) places.add(`s:${keyOfWords(name)}`);
    } else if (ROAD_MARKERS.has(word)) {
      // «جاده روستای X به Y», «راه X تا Y»: the road between two places.
      let from = i + 1;
      if (SETTLEMENT_MARKERS.has(words[from] ?? '')) from++;
      const a = markedName(from);
      const join = from + a.length;
      if (a.length && ROAD_JOINS.has(words[join] ?? '')) {
        const b = markedName(SETTLEMENT_MARKERS.has(words[join + 1] ?? '') ? join + 2 : join + 1);
        if (b.length) {
          const ends = [keyOfWords(a), keyOfWords(b)].sort();
          places.add(`r:${ends.join('-')}`);
        }
      }
    }
  }
  // Names the wording does not mark: towns, and village names long or distinctive enough, or
  // followed by their own county's town («درگ ایوان»). Exact names everywhere before any
  // one-letter-off one, so «آب چمچه زر» is چمچه زر, not آب چشمه.
  for (const tries of [[false], [true]]) {
    for (let i = 0; i < words.length; i++) {
      if (taken.has(i)) continue;
      const found = resolve(i, 3, tries);
      if (!found) continue;
      const { entry, length } = found;
      const min = county ? UNMARKED_MIN.knownCounty : UNMARKED_MIN.anyCounty;
      const town = entry.kind === 'village' ? resolve(i + length, 2, [false]) : null;
      const distinctive =
        entry.kind !== 'village' ||
        entry.words > 1 ||
        (entry.key.length >= min && !isPlainWord(words[i] as string)) ||
        (town?.entry.kind === 'city' && town.entry.county === entry.county);
      if (distinctive) note(entry, i, length);
    }
  }
  const inferred = [...counties].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
  // Listed places first: they are the surest, and the first place names the lookup keys.
  const surest = [...places].sort((a, b) => Number(isListed(b)) - Number(isListed(a)));
  return { places: surest, towns: [...towns], county: county ?? inferred };
}
