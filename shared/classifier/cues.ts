import type { Category } from '../domain/reference.ts';
import { matchingKey } from '../persian/normalize.ts';

/**
 * Cue words as features: each category's keywords from the taxonomy (a prior that carries a
 * category with little training data), and for urgency (SPEC §4) three kinds of cue: harm to
 * life, health or safety; the moment («همین الان», «از دیشب»); and the long-standing («سال‌هاست»,
 * «هر زمستان», «هنوز»), which makes a hazard not urgent however strongly it is worded. The models
 * learn how much each cue counts; training and inference compute them the same way.
 */
export const URGENT_CUES = [
  // Harm itself, or a hazard that is happening; not words that merely name a sick person, a
  // child or the heat, which long-standing complaints use as much.
  'خطر جانی',
  'در خطر',
  'بیهوش',
  'تشنج',
  'خونریزی',
  'سکته',
  'تنگی نفس',
  'نفسش',
  'اکسیژن',
  'دیالیز نشده',
  'مسموم',
  'مسمومیت',
  'مسموم شدن',
  'بستری',
  'نشت گاز',
  'بوی گاز',
  'گازگرفتگی',
  'در حال ریزش',
  'فرو ریخته',
  'داره میریزه',
  'داره میفته',
  'آتش گرفته',
  'آتش سوزی',
  'آتیش',
  'سیلاب',
  'رانش',
  'سیم برق افتاده',
  'برق گرفته',
  'برق‌گرفتگی',
  'جرقه',
  'تهدید به کشتن',
  'میکشمتون',
  'مسلح',
  'چاقو',
  'قمه',
  'تفنگ',
  'تیراندازی',
  'زخمی',
  'گم شده',
  'ناپدید',
  'غرق',
  'مار زده',
  'بی‌سرپناه',
  'در خیابان',
  'غش',
  'حالش بد',
  'حالش بده',
  'از حال',
  'بمیره',
  'نمرده',
  'داره از دست میره',
  'خونریزی داره',
];
export const NOW_CUES = [
  'همین الان',
  'الان',
  'هم اکنون',
  'اکنون',
  'امروز',
  'امشب',
  'دیشب',
  'از دیشب',
  'از صبح',
  'از ظهر',
  'دیروز',
  'هر لحظه',
  'فورا',
  'فوراً',
  'سریع',
  'زود',
  'بیاین',
  'بیایید',
  'هنوز نیومدن',
  'هنوز نیامده',
  'هنوز در',
  'ادامه دارد',
];
export const CHRONIC_CUES = [
  'سال‌هاست',
  'سالهاست',
  'سال هاست',
  'چند سال',
  'چندین سال',
  'ده سال',
  'بیست سال',
  'سی سال',
  'هر سال',
  'هر زمستان',
  'هر تابستان',
  'زمستان‌ها',
  'تابستان‌ها',
  'مدتهاست',
  'مدت‌هاست',
  'همیشه',
  'همیشگی',
  'قدیمی',
  'هنوز',
  'سال گذشته',
  'پارسال',
  'ماه‌هاست',
  'وعده',
  'قول',
];

/** What a cue phrase stands for: a category's keyword, or one of the urgency cue kinds. */
type CueKind = { category: string } | { urgency: 'harm' | 'now' | 'chronic' };

/** Cue phrases by their first word, so a text is matched in one pass over its words. */
export interface CueIndex {
  byFirstWord: Map<string, Array<{ rest: string[]; kind: CueKind }>>;
}

export function buildCueIndex(categories: readonly Pick<Category, 'code' | 'keywords'>[]): CueIndex {
  const byFirstWord: CueIndex['byFirstWord'] = new Map();
  const add = (phrase: string, kind: CueKind) => {
    const [first, ...rest] = matchingKey(phrase).split(' ');
    if (!first) return;
    const list = byFirstWord.get(first) ?? [];
    list.push({ rest, kind });
    byFirstWord.set(first, list);
  };
  for (const c of categories) for (const k of c.keywords) add(k, { category: c.code });
  for (const k of URGENT_CUES) add(k, { urgency: 'harm' });
  for (const k of NOW_CUES) add(k, { urgency: 'now' });
  for (const k of CHRONIC_CUES) add(k, { urgency: 'chronic' });
  return { byFirstWord };
}

/**
 * The cue features of a text, given as its matching-key words: `kw:<CODE>` once for every
 * distinct keyword of a category found, and the urgency cues.
 */
export function cueFeatures(index: CueIndex, words: readonly string[]): string[] {
  const features: string[] = [];
  const seen = new Set<string>();
  let harm = 0;
  let now = 0;
  let chronic = 0;
  for (let i = 0; i < words.length; i++) {
    const candidates = index.byFirstWord.get(words[i] as string);
    if (!candidates) continue;
    for (const { rest, kind } of candidates) {
      if (!rest.every((w, k) => words[i + 1 + k] === w)) continue;
      const id = `${words.slice(i, i + 1 + rest.length).join(' ')}|${'category' in kind ? kind.category : kind.urgency}`;
      if (seen.has(id)) continue;
      seen.add(id);
      if ('category' in kind) features.push(`kw:${kind.category}`);
      else if (kind.urgency === 'harm') harm++;
      else if (kind.urgency === 'now') now++;
      else chronic++;
    }
  }
  for (let i = 0; i < Math.min(harm, 3); i++) features.push('urgent-cue');
  if (now) features.push('now-cue');
  if (chronic) features.push('chronic-cue');
  if (harm && now) features.push('harm-now');
  if (harm && chronic && !now) features.push('harm-chronic');
  return features;
}
