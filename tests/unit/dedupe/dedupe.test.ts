import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bundledClassifier } from '../../../shared/classifier/bundled-model.ts';
import { bundledTermStatistics } from '../../../shared/dedupe/bundled-terms.ts';
import { InMemoryClusterer } from '../../../shared/dedupe/clusterer.ts';
import { DedupeFingerprinter } from '../../../shared/dedupe/dedupe-service.ts';
import { Gazetteer } from '../../../shared/dedupe/fingerprint.ts';
import { isSameIssue } from '../../../shared/dedupe/matcher.ts';
import { BANDS, bandKeys, jaccard, shingles, signature } from '../../../shared/dedupe/minhash.ts';
import { pairMetrics } from '../../../shared/dedupe/pair-metrics.ts';
import { ReferenceCatalog } from '../../../shared/domain/reference.ts';
import { loadSeedReferenceData } from '../../../shared/reference/seed.ts';

const reference = loadSeedReferenceData();
const fingerprinter = new DedupeFingerprinter(
  new ReferenceCatalog(reference),
  bundledClassifier(reference.categories),
);
const stats = bundledTermStatistics();
const at = (day: number) => new Date(Date.UTC(2026, 10, day)).toISOString();

describe('MinHash', () => {
  it('is deterministic and estimates Jaccard similarity', () => {
    const a = shingles('آب آشامیدنی روستای چشمه کبود یک هفته است قطع شده');
    const b = shingles('آب آشامیدنی روستای چشمه کبود دو هفته است قطع شده');
    expect([...signature(a)]).toEqual([...signature(a)]);
    const estimate = [...signature(a)].filter((v, i) => v === signature(b)[i]).length / 64;
    expect(Math.abs(estimate - jaccard(a, b))).toBeLessThan(0.2);
    expect(bandKeys(signature(a))).toHaveLength(BANDS);
  });
});

describe('the gazetteer', () => {
  it('finds places however ZWNJ and Arabic letters are typed, within the county', () => {
    const gazetteer = new Gazetteer(reference.counties);
    expect(gazetteer.find('آب روستاي چشمه كبود قطع است', 'ILAM')).toEqual(['چشمهکبود']);
    expect(gazetteer.find('آب روستای چشمه‌کبود قطع است', 'ILAM')).toEqual(['چشمهکبود']);
    expect(gazetteer.find('آب روستای چشمه‌کبود قطع است', 'MEHRAN')).toEqual([]);
  });
});

describe('same issue or not', () => {
  const letter = (text: string, day = 10, citizenKey: string | null = null) =>
    fingerprinter.candidate({ text, county: 'ایوان', receivedAt: at(day), citizenKey });

  it('joins citizens writing in different styles about one place and problem', () => {
    const formal = letter(
      'جناب آقای استاندار، با سلام و احترام، اینجانب ساکن روستای مله‌سیاه به استحضار می‌رساند آب آشامیدنی روستای مله‌سیاه دو هفته است که قطع شده است.',
    );
    const note = letter('تماس‌گیرنده اظهار داشت آب آشامیدنی روستای مله سیاه قطع شده. محل: روستای مله‌سیاه.');
    expect(isSameIssue(formal, note, stats)).toBe(true);
  });

  it('keeps apart the same problem in two villages, and far-apart dates', () => {
    const one = letter('آب آشامیدنی روستای مله‌سیاه دو هفته است که قطع شده است');
    const other = letter('آب آشامیدنی روستای بیشه‌دراز دو هفته است که قطع شده است');
    expect(isSameIssue(one, other, stats)).toBe(false);
    expect(
      isSameIssue(one, letter('آب آشامیدنی روستای مله‌سیاه دو هفته است که قطع شده است', 28 + 40), stats),
    ).toBe(false);
  });

  it('treats a personal complaint without a place as each citizen’s own, unless the same citizen repeats it', () => {
    const text = 'کنتور آب منزل خراب است و کارکرد اشتباه ثبت می‌کند';
    expect(isSameIssue(letter(text, 10, 'citizen-a'), letter(text, 11, 'citizen-b'), stats)).toBe(false);
    expect(isSameIssue(letter(text, 10, 'citizen-a'), letter(text, 11, 'citizen-a'), stats)).toBe(true);
  });
});

describe('clustering', () => {
  it('puts three near-identical letters in one cluster and an unrelated one in its own', () => {
    const clusterer = new InMemoryClusterer(stats);
    const texts = [
      'آب آشامیدنی روستای مله‌سیاه یک هفته است قطع شده؛ لطفاً رسیدگی کنید',
      'سلام آب آشامیدنی روستای مله سیاه یک هفته است قطع شده توروخدا یه کاری بکنید',
      'ريیاست محترم جمهوري، آب آشاميدني روستاي مله‌سياه يك هفته است قطع شده است',
      'مدرسه روستای مله‌سیاه معلم ریاضی ندارد',
    ];
    const ids = texts.map((text, i) =>
      clusterer.add(`t${i}`, fingerprinter.candidate({ text, county: 'EYVAN', receivedAt: at(10 + i) })),
    );
    expect(ids.slice(0, 3)).toEqual(['t0', 't0', 't0']);
    expect(ids[3]).toBe('t3');
  });

  it('scores clusters against labelled groups by pairs', () => {
    expect(
      pairMetrics([
        { group: 'g', cluster: 'a' },
        { group: 'g', cluster: 'a' },
        { group: 'g', cluster: 'b' },
        { group: null, cluster: 'b' },
      ]),
    ).toEqual({ precision: 0.5, recall: 1 / 3, truePairs: 3, predictedPairs: 2 });
  });
});

describe('dedupe CLI', () => {
  it('writes {"id","clusterId"} per line in arrival order', () => {
    const input = [
      { id: 1, text: 'آب آشامیدنی روستای مله‌سیاه قطع است', county: 'ایوان' },
      { id: 2, text: 'تماس‌گیرنده گفت آب آشامیدنی روستای مله سیاه قطع است', county: 'ایوان' },
      { id: 3, text: 'برق روستای چالاب قطع است', county: 'سیروان' },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const output = execFileSync(process.execPath, ['cli/dedupe.ts', '-'], { input, encoding: 'utf8' });
    expect(
      output
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { id: 1, clusterId: '1' },
      { id: 2, clusterId: '1' },
      { id: 3, clusterId: '3' },
    ]);
  });
});
