import { describe, expect, it } from 'vitest';
import { KeywordClassifier } from '../../../shared/classifier/keyword-classifier.ts';
import { loadSeedReferenceData } from '../../../shared/reference/seed.ts';

const classifier = new KeywordClassifier(loadSeedReferenceData().categories);

describe('keyword classifier', () => {
  it.each([
    ['آب آشامیدنی روستا قطع است و فشار آب کم است', 'WATER_SEWAGE'],
    ['برق خانه ما قطع است و کنتور برق سوخته', 'ELECTRICITY'],
    ['مدرسه روستا معلم ندارد', 'EDUCATION'],
    ['وام بانک و اقساط عقب افتاده', 'BANKING'],
  ])('classifies %s', (text, category) => {
    const result = classifier.classify(text);
    expect(result.category).toBe(category);
    expect(result.confidence).toBeGreaterThan(0.3);
  });

  it('finds cue words written with Arabic letters or without ZWNJ', () => {
    expect(classifier.classify('برق منزل ما قطع است و كنتور برق خراب').category).toBe('ELECTRICITY');
  });

  it('marks life and safety cues urgent', () => {
    expect(classifier.classify('بوی گاز شدید و نشت گاز در کوچه').urgent).toBe(true);
    expect(classifier.classify('درخواست آسفالت کوچه').urgent).toBe(false);
  });

  it.each(['', '۱۲۳۴۵', '😀😀😀', 'The water is cut', 'x'.repeat(100_000)])(
    'gives GENERAL with low confidence for %j',
    (text) => {
      const result = classifier.classify(text);
      expect(result.category).toBe('GENERAL');
      expect(result.confidence).toBeLessThan(0.5);
    },
  );
});
