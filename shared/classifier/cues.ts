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
  'خطر جانی',
  'در خطر',
  'جان',
  'بیهوش',
  'تشنج',
  'خونریزی',
  'سکته',
  'تنگی نفس',
  'نفس',
  'اکسیژن',
  'دیالیز',
  'مسموم',
  'مسمومیت',
  'اسهال',
  'بستری',
  'اورژانس',
  'آمبولانس',
  'نشت گاز',
  'بوی گاز',
  'گازگرفتگی',
  'ریزش',
  'فرو ریخته',
  'در حال ریزش',
  'ترک برداشته',
  'آتش گرفته',
  'آتش',
  'سیل',
  'رانش',
  'سیم برق افتاده',
  'برق گرفته',
  'برق‌گرفتگی',
  'جرقه',
  'تهدید',
  'تهدید به کشتن',
  'مسلح',
  'چاقو',
  'قمه',
  'تفنگ',
  'تیراندازی',
  'درگیری',
  'زخمی',
  'گم شده',
  'ناپدید',
  'غرق',
  'مار',
  'تلف',
  'بی‌سرپناه',
  'در خیابان',
  'گرسنه',
  'کتک',
  'درجه',
  'گرما',
  'سالمند',
  'کودک',
  'نوزاد',
  'بیمار',
  // As people say it: «داره میریزه», «آتیش», «حالش بده», «نفسش بالا نمیاد».
  'میریزه',
  'داره میریزه',
  'داره میفته',
  'میفته',
  'افتاده',
  'ریخته',
  'سیم',
  'برق داره',
  'آتیش',
  'دود',
  'غش',
  'حالش بد',
  'حالش بده',
  'از حال',
  'نفسش',
  'میمیرن',
  'مردن',
  'بمیره',
  'نمرده',
  'بکشه',
  'میکشمتون',
  'ترسیدیم',
  'زخمی',
  'مسموم شدن',
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

export interface CueIndex {
  categories: Array<{ code: string; keys: string[] }>;
  urgent: { harm: string[]; now: string[]; chronic: string[] };
}

const keyed = (words: readonly string[]) => words.map((k) => ` ${matchingKey(k)} `);

export function buildCueIndex(categories: readonly Pick<Category, 'code' | 'keywords'>[]): CueIndex {
  return {
    categories: categories.map((c) => ({ code: c.code, keys: keyed(c.keywords) })),
    urgent: { harm: keyed(URGENT_CUES), now: keyed(NOW_CUES), chronic: keyed(CHRONIC_CUES) },
  };
}

export function cueFeatures(index: CueIndex, text: string): string[] {
  const key = ` ${matchingKey(text.slice(0, 20_000))} `;
  const features: string[] = [];
  for (const { code, keys } of index.categories) {
    for (const k of keys) if (key.includes(k)) features.push(`kw:${code}`);
  }
  const count = (keys: readonly string[]) => keys.filter((k) => key.includes(k)).length;
  const harm = count(index.urgent.harm);
  const now = count(index.urgent.now);
  const chronic = count(index.urgent.chronic);
  for (let i = 0; i < Math.min(harm, 3); i++) features.push('urgent-cue');
  if (now) features.push('now-cue');
  if (chronic) features.push('chronic-cue');
  if (harm && now) features.push('harm-now');
  if (harm && chronic && !now) features.push('harm-chronic');
  return features;
}
