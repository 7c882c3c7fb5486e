import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bundledClassifier } from '../../../shared/classifier/bundled-model.ts';
import { calibration, confusion, macroF1, perClass } from '../../../shared/classifier/evaluation.ts';
import { train } from '../../../shared/classifier/linear-model.ts';
import { dequantize, quantize } from '../../../shared/classifier/model-artifact.ts';
import { featurize } from '../../../shared/classifier/vectors.ts';
import { loadSeedReferenceData } from '../../../shared/reference/seed.ts';

const reference = loadSeedReferenceData();
const classifier = bundledClassifier(reference.categories);

describe('trained classifier', () => {
  it.each([
    ['آب آشامیدنی روستای ما یک هفته است قطع شده و فشار آب صفر است', 'WATER_SEWAGE'],
    ['برق منزل ما مدام قطع و وصل می‌شود و کنتور برق سوخته است', 'ELECTRICITY'],
    ['مدرسه روستای ما معلم ریاضی ندارد و کلاس‌ها تشکیل نمی‌شود', 'EDUCATION'],
    ['اقساط وام ما عقب افتاده و بانک جریمه دیرکرد گرفته است', 'BANKING'],
  ])('classifies %s', (text, category) => {
    const result = classifier.classify(text);
    expect(result.category).toBe(category);
    expect(result.confidence).toBeGreaterThan(0.5);
  });

  it('reads Arabic-keyboard text and text without ZWNJ alike', () => {
    const persian = classifier.classify('برق منزل ما مدام قطع و وصل می‌شود و کنتور برق سوخته است');
    const arabic = classifier.classify('برق منزل ما مدام قطع و وصل ميشود و كنتور برق سوخته است');
    expect(arabic.category).toBe(persian.category);
    expect(Math.abs(arabic.confidence - persian.confidence)).toBeLessThan(0.1);
  });

  it('marks life, health and safety requests urgent, and not everything that says فوری', () => {
    expect(classifier.classify('بوی گاز شدید در کوچه پیچیده و احتمال نشت گاز و انفجار هست').urgent).toBe(
      true,
    );
    expect(classifier.classify('فرزندم نیاز به عمل جراحی قلب دارد و هزینه آن را نداریم').urgent).toBe(true);
    expect(classifier.classify('کتابخانه عمومی شهر کتاب جدید ندارد؛ لطفاً فوری رسیدگی کنید').urgent).toBe(
      false,
    );
  });

  it.each([
    ['empty text', ''],
    ['only digits', '۱۲۳۴۵ ۶۷۸۹'],
    ['only emoji', '😀😀😀'],
    ['Latin script', 'The water in our village has been cut for a week'],
    ['a two-word note', 'درخواست دارم'],
    ['Arabic-language text', 'الماء مقطوع في قريتنا منذ أسبوع ولا أحد يجيب'],
  ])('gives %s GENERAL with a low confidence, so a reviewer decides', (_name, text) => {
    const result = classifier.classify(text);
    expect(result.category).toBe('GENERAL');
    expect(result.confidence).toBeLessThan(0.5);
  });

  it('survives a 100,000-character letter', () => {
    expect(classifier.classify('آب آشامیدنی قطع است '.repeat(5000)).category).toBe('WATER_SEWAGE');
  });

  it('keeps its weights through int8 quantization', () => {
    const examples = [
      { x: featurize('آب قطع است', 256), y: 0 },
      { x: featurize('برق قطع است', 256), y: 1 },
    ];
    const model = train(examples, { classes: ['A', 'B'], buckets: 256, epochs: 20 });
    const restored = dequantize(quantize(model));
    let largest = 0;
    for (const w of model.weights) largest = Math.max(largest, Math.abs(w));
    for (let i = 0; i < model.weights.length; i++) {
      expect(Math.abs((restored.weights[i] as number) - (model.weights[i] as number))).toBeLessThanOrEqual(
        largest / 127,
      );
    }
  });
});

describe('evaluation metrics', () => {
  const truth = ['A', 'A', 'B', 'B', 'C'];
  const predicted = ['A', 'B', 'B', 'B', 'A'];

  it('computes per-class precision and recall and macro-F1', () => {
    const rows = perClass(['A', 'B', 'C'], truth, predicted);
    expect(rows.map((r) => [r.precision, r.recall])).toEqual([
      [0.5, 0.5],
      [2 / 3, 1],
      [0, 0],
    ]);
    expect(macroF1(['A', 'B', 'C'], truth, predicted)).toBeCloseTo((0.5 + 0.8 + 0) / 3, 6);
  });

  it('builds the confusion matrix and calibration buckets', () => {
    expect(confusion(['A', 'B', 'C'], truth, predicted)).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
    const buckets = calibration([0.95, 0.95, 0.2], [true, false, false], [0, 0.5, 1.0001]);
    expect(buckets.map((b) => [b.count, b.accuracy])).toEqual([
      [1, 0],
      [2, 0.5],
    ]);
  });
});

describe('classify CLI', () => {
  it('writes {"id","category","confidence","agencyId","urgent"} per line', () => {
    const input = `${JSON.stringify({ id: 'a', text: 'برق روستای ما سه روز است قطع است و تیر برق افتاده' })}\n`;
    const output = execFileSync(process.execPath, ['cli/classify.ts', '-'], { input, encoding: 'utf8' });
    const [line] = output
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(line).toMatchObject({ id: 'a', category: 'ELECTRICITY', agencyId: 'power-distribution' });
    expect(Object.keys(line).sort()).toEqual(['agencyId', 'category', 'confidence', 'id', 'urgent']);
  });
});
