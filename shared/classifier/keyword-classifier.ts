import type { Category } from '../domain/reference.ts';
import { matchingKey } from '../persian/normalize.ts';
import { type Classification, type Classifier, FALLBACK_CATEGORY } from './classifier.ts';

/**
 * A first classifier from the taxonomy's own cue words (data/reference/categories.json): counts
 * whole-word cue matches per category and turns the counts into a confidence. It is a stand-in
 * until the trained model of issue 4, and stays as that model's prior for thin categories.
 */

// Life, health and safety cues: any of them makes a request urgent.
const URGENT_CUES = [
  'فوری',
  'اضطراری',
  'خطر جانی',
  'خطر مرگ',
  'بیمار',
  'عمل جراحی',
  'اورژانس',
  'آب شرب نداریم',
  'بدون آب شرب',
  'نشت گاز',
  'بوی گاز',
  'ریزش',
  'فرو ریخت',
  'آتش',
  'سیل',
  'تهدید',
  'ضرب و جرح',
  'خشونت',
];

function wordPattern(cue: string): RegExp {
  const key = matchingKey(cue).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?:^| )${key}(?= |$)`, 'g');
}

export class KeywordClassifier implements Classifier {
  private readonly cues: Array<{ code: string; patterns: RegExp[] }>;
  private readonly urgent: RegExp[];

  constructor(categories: readonly Pick<Category, 'code' | 'keywords' | 'active'>[]) {
    this.cues = categories
      .filter((c) => c.active)
      .map((c) => ({ code: c.code, patterns: c.keywords.map(wordPattern) }));
    this.urgent = URGENT_CUES.map(wordPattern);
  }

  classify(text: string): Classification {
    const key = matchingKey(text.slice(0, 20_000));
    const urgent = this.urgent.some((pattern) => new RegExp(pattern).test(key));
    const scores = this.cues
      .map(({ code, patterns }) => ({
        code,
        score: patterns.reduce((sum, pattern) => sum + (key.match(new RegExp(pattern))?.length ?? 0), 0),
      }))
      .sort((a, b) => b.score - a.score);
    const best = scores[0];
    const total = scores.reduce((sum, s) => sum + s.score, 0);
    if (!best || best.score === 0) return { category: FALLBACK_CATEGORY, confidence: 0.1, urgent };
    // Share of all cue hits, shrunk towards zero when there is little evidence.
    const confidence = (best.score / total) * (best.score / (best.score + 1));
    return { category: best.code, confidence: Math.round(confidence * 1000) / 1000, urgent };
  }
}
