import type { Category } from '../domain/reference.ts';
import { matchingKey } from '../persian/normalize.ts';

/**
 * Cue words as features: each category's keywords from the taxonomy (a prior that carries a
 * category with little training data) and life, health and safety cues for urgency. The models
 * learn how much each cue counts; training and inference compute them the same way.
 */
export const URGENT_CUES = [
  'فوری',
  'اضطراری',
  'خطر',
  'خطر جانی',
  'بیمار',
  'عمل جراحی',
  'اورژانس',
  'آب شرب نداریم',
  'نشت گاز',
  'بوی گاز',
  'گازگرفتگی',
  'ریزش',
  'فرو ریختن',
  'آتش',
  'سیل',
  'تهدید',
  'ضرب و جرح',
  'مسمومیت',
  'برق‌گرفتگی',
  'گم شده',
  'بی‌سرپناه',
  'بستری',
];

export interface CueIndex {
  categories: Array<{ code: string; keys: string[] }>;
  urgent: string[];
}

export function buildCueIndex(categories: readonly Pick<Category, 'code' | 'keywords'>[]): CueIndex {
  return {
    categories: categories.map((c) => ({ code: c.code, keys: c.keywords.map((k) => ` ${matchingKey(k)} `) })),
    urgent: URGENT_CUES.map((k) => ` ${matchingKey(k)} `),
  };
}

export function cueFeatures(index: CueIndex, text: string): string[] {
  const key = ` ${matchingKey(text.slice(0, 20_000))} `;
  const features: string[] = [];
  for (const { code, keys } of index.categories) {
    for (const k of keys) if (key.includes(k)) features.push(`kw:${code}`);
  }
  for (const k of index.urgent) if (key.includes(k)) features.push('urgent-cue');
  return features;
}
