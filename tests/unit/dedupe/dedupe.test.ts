import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { bundledFingerprinter } from '../../../shared/dedupe/bundled-fingerprinter.ts';
import { bundledProblems, bundledSettlements } from '../../../shared/dedupe/bundled-places.ts';
import { InMemoryClusterer } from '../../../shared/dedupe/clusterer.ts';
import { MAX_LOOKUP_KEYS } from '../../../shared/dedupe/fingerprint.ts';
import { isSameIssue } from '../../../shared/dedupe/matcher.ts';
import { pairMetrics } from '../../../shared/dedupe/pair-metrics.ts';
import { findPlaces, Gazetteer, placeKey } from '../../../shared/dedupe/places.ts';
import { ProblemLexicon } from '../../../shared/dedupe/problems.ts';

const { fingerprinter, stats } = bundledFingerprinter();
const gazetteer = new Gazetteer(bundledSettlements());
const at = (day: number) => new Date(Date.UTC(2026, 10, day)).toISOString();
const code = (name: string, county: string) => {
  const place = bundledSettlements().find((p) => p.name === name && p.county === county);
  return place ? `g:${place.code}` : 'not listed';
};

describe('place names', () => {
  it('have one key however spaces, ZWNJ, Arabic letters, madda and sound-alike letters are typed', () => {
    const key = placeKey('چم نمشت');
    for (const written of ['چم‌نمشت', 'چمنمشت', 'چم  نمشت', 'چم نمشط'.replace('ط', 'ت')])
      expect(placeKey(written)).toBe(key);
    expect(placeKey('آب انار')).toBe(placeKey('اب انار'));
    expect(placeKey('علی آباد')).toBe(placeKey('علي اباد'));
    expect(placeKey('صالح آباد')).toBe(placeKey('سالح اباد'));
    expect(placeKey('گوراب بالا')).toBe(placeKey('گوراب علیا'));
  });

  it('are found in the official settlements, one letter off for long names, within the county', () => {
    const palangerd = code('پلنگرد', 'EYVAN');
    expect(findPlaces('موتور چاه روستای پلنگرد سوخته', 'EYVAN', gazetteer).places).toEqual([palangerd]);
    expect(findPlaces('موتور چاه پلنگرد سوخته', 'EYVAN', gazetteer).places).toEqual([palangerd]);
    expect(findPlaces('موتور چاه پلنگرت سوخته', 'EYVAN', gazetteer).places).toEqual([palangerd]);
    expect(findPlaces('موتور چاه روستای پلنگرد سوخته', 'MEHRAN', gazetteer).places).not.toContain(palangerd);
    // Without a county the place tells which it is.
    expect(findPlaces('آب روستای پلنگرد قطع است', null, gazetteer).county).toBe('EYVAN');
    // Aliases from the list's notes: «بانکت /شمشیراباد/».
    expect(findPlaces('روستای شمشیراباد', 'ABDANAN', gazetteer).places).toEqual(
      findPlaces('روستای بانکت', 'ABDANAN', gazetteer).places,
    );
  });

  it('count when the wording marks them, even when no list has them', () => {
    expect(findPlaces('زباله محله بان‌چرمی جمع نشده', 'ILAM', gazetteer).places).toEqual(['n:بانچرمی']);
    expect(findPlaces('فاضلاب بلوار شهید بهشتی', 'ILAM', gazetteer).places).toEqual(
      findPlaces('فاضلاب بلوار بهشتی', 'ILAM', gazetteer).places,
    );
    expect(findPlaces('جاده روستای جانجان به سرابله رانش کرده', 'CHARDAVOL', gazetteer).places).toContain(
      'r:جانجان-سرابله',
    );
    // «روستا» as a plain noun names nothing: «آب روستا قطع است».
    expect(findPlaces('آب روستا قطع است', 'ILAM', gazetteer).places).toEqual([]);
  });

  it('prefer an exact name anywhere to a name one letter off, and check that letter', () => {
    // «آب چمچه» is one letter from the village «آب چشمه»; «چمچه زر» is exact.
    expect(findPlaces('سلام آب چمچه زر گل آلوده', 'BADREH', gazetteer).places).toEqual([
      code('چمچه زر', 'BADREH'),
    ]);
    // «زایمان» and «ایمانی» share a deletion but are two letters apart.
    expect(findPlaces('زنان باردار برای زایمان می‌روند', 'ABDANAN', gazetteer).places).toEqual([]);
  });

  it('take a short village name when its own county’s town follows it', () => {
    expect(findPlaces('تماس گیرنده از درگ ایوان گفت برق قطع است', 'EYVAN', gazetteer).places).toEqual([
      code('درگ', 'EYVAN'),
    ]);
    expect(findPlaces('برق درگ قطع است', 'EYVAN', gazetteer).places).toEqual([]);
  });

  it('read a street marker that begins a listed name as the name, and no short plain word as a street', () => {
    expect(findPlaces('روستای میدان پاریاب اینترنت ندارد', 'MALEKSHAHI', gazetteer).places).toEqual([
      code('میدان پاریاب', 'MALEKSHAHI'),
    ]);
    expect(findPlaces('آشغالا تو کوچه بو گرفته', 'ILAM', gazetteer).places).toEqual([]);
  });

  it('tell towns from fine places', () => {
    const found = findPlaces('سالن ورزشی شهر زرنه نیمه‌کاره است', 'EYVAN', gazetteer);
    expect(found.places).toEqual([]);
    expect(found.towns).toHaveLength(1);
  });
});

describe('problems', () => {
  const lexicon = new ProblemLexicon(bundledProblems());

  it('are the same concept however they are put', () => {
    for (const text of ['ترانس روستا سوخته', 'ترانسفورماتور سوخت', 'فیوز ترانس میپره'])
      expect(lexicon.find(text)).toContain('power-transformer');
    for (const text of ['برق روستا یک هفته است قطع است', 'خاموشی کامل', 'برق نداریم'])
      expect(lexicon.find(text)).toContain('power-outage');
    expect(lexicon.find('هزینه شیمی‌درمانی مادرم')).toContain('health-cost');
  });

  it('of one family are one problem: the pump, the tank or the pipe of a village’s water', () => {
    const problems = ['پمپ چاه سوخته', 'مخزن آب سوراخ است', 'لوله آب ترکیده'].map((text) =>
      lexicon.problemOf(lexicon.find(text)[0] ?? 'none'),
    );
    expect(new Set(problems)).toEqual(new Set(['water-supply']));
    expect(lexicon.problemOf(lexicon.find('آب گل آلود است')[0] ?? 'none')).toBe('water-quality');
    expect(lexicon.find('آشغالا رو میریزن')).toContain('waste');
  });

  it('do not match words that merely start alike', () => {
    expect(lexicon.find('کودک همسایه بیمار است')).not.toContain('farm-inputs'); // کود ≠ کودک
    expect(lexicon.find('پلیس نیامد')).not.toContain('road-bridge'); // پل ≠ پلیس
  });
});

describe('same issue or not', () => {
  const letter = (text: string, day = 10, citizenKey: string | null = null, county = 'SIRVAN') =>
    fingerprinter.candidate({ text, county, receivedAt: at(day), citizenKey });

  it('joins a formal letter and a colloquial message about one village’s burnt transformer', () => {
    const formal = letter(
      'ریاست محترم شرکت توزیع نیروی برق استان ایلام\nبا سلام\nبه استحضار می‌رساند ترانسفورماتور روستای قلندر علیا از توابع بخش کارزان در پی صاعقه سوخته و روستا در خاموشی است.',
    );
    const colloquial = letter('سلام ترانس قلندر علیا سوخته یه هفته‌س برق نداریم تو تاریکی موندیم');
    const phone = letter('تماس‌گیرنده از روستای قلندرعلیا گفت پست برق روستا از کار افتاده و برق قطع است.');
    expect(isSameIssue(formal, colloquial, stats)).toBe(true);
    expect(isSameIssue(phone, colloquial, stats)).toBe(true);
  });

  it('keeps apart a different problem in the same village', () => {
    const power = letter('ترانس روستای قلندر علیا سوخته و برق نداریم');
    const school = letter('مدرسه روستای قلندر علیا از مهر معلم ندارد');
    const water = letter('آب شرب روستای قلندر علیا قطع است');
    expect(isSameIssue(power, school, stats)).toBe(false);
    expect(isSameIssue(power, water, stats)).toBe(false);
  });

  it('keeps apart the same problem in two villages, and far-apart dates', () => {
    const one = letter('ترانس روستای قلندر علیا سوخته و برق نداریم');
    const other = letter('ترانس روستای لالا سوخته و برق نداریم');
    expect(isSameIssue(one, other, stats)).toBe(false);
    expect(isSameIssue(one, letter('ترانس روستای قلندر علیا سوخته و برق نداریم', 60), stats)).toBe(false);
  });

  it('joins a letter whose problem the lexicon misses to one that names it, at one place', () => {
    const named = letter('کانال آبیاری روستای قلندر علیا شکسته و گندم ها خشک شد', 10, null, 'SIRVAN');
    const unnamed = letter('سلام کانال آب کشاورزی قلندر علیا شکسته آب نمیرسه به زمینا گندما داره خشک میشه');
    expect(unnamed.fingerprint.concepts).toEqual([]);
    expect(unnamed.fingerprint.lookupKeys.some((k) => named.fingerprint.lookupKeys.includes(k))).toBe(true);
    expect(isSameIssue(named, unnamed, stats)).toBe(true);
  });

  it('treats a personal complaint without a place as each citizen’s own, unless the same citizen repeats it', () => {
    const text = 'کنتور آب منزل خراب است و کارکرد اشتباه ثبت می‌کند';
    expect(isSameIssue(letter(text, 10, 'citizen-a'), letter(text, 11, 'citizen-b'), stats)).toBe(false);
    expect(isSameIssue(letter(text, 10, 'citizen-a'), letter(text, 11, 'citizen-a'), stats)).toBe(true);
  });

  it('looks a request up under at most three keys', () => {
    const many = letter(
      'آب و برق و گاز روستای قلندر علیا و روستای لالا و روستای کلی کلی قطع است، ترانس سوخته، لوله ترکیده',
      10,
      'citizen-a',
    );
    expect(many.fingerprint.lookupKeys.length).toBeLessThanOrEqual(MAX_LOOKUP_KEYS);
    expect(many.fingerprint.lookupKeys).toContain('c:citizen-a');
  });
});

describe('clustering', () => {
  it('puts letters about one issue in one cluster and another problem of the village in its own', () => {
    const clusterer = new InMemoryClusterer(stats);
    const texts = [
      'آب آشامیدنی روستای پلنگرد یک هفته است قطع شده؛ لطفاً رسیدگی کنید',
      'سلام موتور چاه پلنگرد سوخته بیست روزه آب نداریم',
      'تماس‌گیرنده از اهالی روستای پلنگرد گفت پمپ چاه آب روستا از کار افتاده و آب قطع است.',
      'مدرسه روستای پلنگرد معلم ریاضی ندارد',
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
      { id: 1, text: 'آب آشامیدنی روستای پلنگرد قطع است', county: 'ایوان' },
      { id: 2, text: 'تماس‌گیرنده گفت آب آشامیدنی روستای پلنگرد قطع است و تانکر نمی‌آید', county: 'ایوان' },
      { id: 3, text: 'برق روستای لالا قطع است', county: 'سیروان' },
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
