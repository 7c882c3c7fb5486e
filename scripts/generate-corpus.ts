import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import phrases from '../data/corpus/phrases.json' with { type: 'json' };
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';

/**
 * Generates the labelled corpus (data/corpus/requests.jsonl) from the hand-written phrase bank
 * (data/corpus/phrases.json): each request combines a category's problem, a place in one of
 * Ilam's counties, a citizen's way of writing (formal letter, web message, operator's phone
 * note, colloquial, long letter with other problems first) and the noise real input carries
 * (Arabic keyboard, ZWNJ variants, mixed digits, OCR-like errors). Deterministic: a fixed seed
 * gives the same corpus, and the held-out split is fixed by id. See data/corpus/README.md.
 */

type Category = keyof typeof phrases;
interface Entry {
  id: string;
  text: string;
  category: Category;
  urgent: boolean;
  county: string;
  duplicateGroup: string | null;
  style: string;
  split: 'train' | 'test';
}

let seed = 20261129;
function random(): number {
  // mulberry32: small, seedable, good enough for sampling.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const chance = (p: number) => random() < p;

const PLACES: ReadonlyArray<[string, string]> = [
  ['روستای چشمه‌کبود', 'ILAM'],
  ['شهرک ولیعصر ایلام', 'ILAM'],
  ['روستای بان‌سیوان', 'ILAM'],
  ['شهر چوار', 'CHAVAR'],
  ['روستای هفت‌چشمه', 'CHAVAR'],
  ['شهر ایوان', 'EYVAN'],
  ['شهر زرنه', 'EYVAN'],
  ['روستای بیشه‌دراز', 'EYVAN'],
  ['شهر آبدانان', 'ABDANAN'],
  ['شهر مورموری', 'ABDANAN'],
  ['روستای کلم', 'ABDANAN'],
  ['شهر بدره', 'BADREH'],
  ['روستای هزارکانیان', 'BADREH'],
  ['شهر سرابله', 'CHARDAVOL'],
  ['شهر آسمان‌آباد', 'CHARDAVOL'],
  ['روستای گنبدکبود', 'CHARDAVOL'],
  ['شهر دره‌شهر', 'DARREHSHAHR'],
  ['شهر ماژین', 'DARREHSHAHR'],
  ['روستای بدره‌سفلی', 'DARREHSHAHR'],
  ['شهر دهلران', 'DEHLORAN'],
  ['شهر موسیان', 'DEHLORAN'],
  ['شهر پهله', 'DEHLORAN'],
  ['روستای عین‌خوش', 'DEHLORAN'],
  ['شهر ارکواز', 'MALEKSHAHI'],
  ['شهر دلگشا', 'MALEKSHAHI'],
  ['روستای کول‌کنی', 'MALEKSHAHI'],
  ['شهر مهران', 'MEHRAN'],
  ['شهر صالح‌آباد', 'MEHRAN'],
  ['روستای چم‌هندی', 'MEHRAN'],
  ['شهر لومار', 'SIRVAN'],
  ['روستای چالاب', 'SIRVAN'],
  ['شهر توحید', 'HOLEYLAN'],
  ['روستای کوله‌جو', 'HOLEYLAN'],
  ['روستای سراب کلان', 'ILAM'],
  ['شهر میمه', 'DEHLORAN'],
  ['روستای مله‌سیاه', 'EYVAN'],
];
const DURATIONS = [
  'سه روز',
  'یک هفته',
  'دو هفته',
  'یک ماه',
  'چند ماه',
  'شش ماه',
  'یک سال',
  'دو سال',
  '۱۰ روز',
  '۴۵ روز',
  '3 ماه',
];
const NUMBERS = ['سه', 'چهار', 'ده', '۵', '۱۲', '7', '۲۰'];
const FIRST = [
  'علی',
  'محمد',
  'حسین',
  'رضا',
  'مهدی',
  'فاطمه',
  'زهرا',
  'مریم',
  'سمیه',
  'لیلا',
  'عباس',
  'کریم',
  'نرگس',
  'حمید',
  'پروین',
  'سعید',
];
const LAST = [
  'رحیمی',
  'کرمی',
  'نظری',
  'حیدری',
  'مرادی',
  'سلیمانی',
  'اسدی',
  'محمدی',
  'شهبازی',
  'ولی‌زاده',
  'فتحی',
  'کاظمی',
  'امیدی',
  'رستمی',
];

const ZWNJ = '\u200C';

function fill(template: string, place: string, duration: string): string {
  return template
    .replaceAll('{place}', place)
    .replaceAll('{duration}', duration)
    .replaceAll('{number}', pick(NUMBERS));
}

function mobile(): string {
  let digits = '09';
  digits += pick(['12', '13', '16', '18', '35', '39', '01', '90', '91', '99']);
  for (let i = 0; i < 7; i++) digits += String(Math.floor(random() * 10));
  return digits;
}

function colloquial(sentence: string): string {
  return sentence
    .replaceAll('است که', 'ه که')
    .replace(/ است$/, 'ه')
    .replaceAll('نمی‌شود', 'نمیشه')
    .replaceAll('می‌شود', 'میشه')
    .replaceAll('نمی‌کند', 'نمیکنه')
    .replaceAll('می‌کنند', 'میکنن')
    .replaceAll('نداریم', 'نداریم دیگه');
}

const STYLES = ['formal', 'web', 'phone', 'colloquial', 'long'] as const;
type Style = (typeof STYLES)[number];

function compose(
  style: Style,
  category: Category,
  problem: string,
  ask: string,
  place: string,
  duration: string,
): string {
  const name = `${pick(FIRST)} ${pick(LAST)}`;
  const others = (Object.keys(phrases) as Category[]).filter((c) => c !== category);
  switch (style) {
    case 'formal':
      return [
        pick(['ریاست محترم جمهوری اسلامی ایران', 'جناب آقای استاندار محترم ایلام', 'حضور محترم هیئت دولت']),
        'با سلام و احترام',
        `اینجانب ${name} ساکن ${place} به استحضار می‌رساند ${problem}. ${ask}.`,
        chance(0.6) ? `شماره تماس: ${mobile()}` : '',
        'با تشکر',
        name,
      ]
        .filter(Boolean)
        .join('\n');
    case 'web':
      return `${problem}. ${ask}${chance(0.3) ? ` (${place})` : ''}`;
    case 'phone':
      return `تماس‌گیرنده اظهار داشت ${problem}. محل: ${place}. ${pick(['درخواست پیگیری دارد', 'تقاضای رسیدگی دارد', 'خواستار اقدام فوری دستگاه مربوط است'])}.`;
    case 'colloquial':
      return `${pick(['سلام', 'سلام آقا', 'سلام خسته نباشید'])} ${colloquial(problem)}. ${pick(['توروخدا یه کاری بکنید', 'کسی به داد ما نمیرسه', 'لطفا رسیدگی کنین'])}`;
    case 'long': {
      const [a, b] = [pick(others), pick(others)];
      const side = (c: Category) => fill(pick(phrases[c].problems), place, duration);
      return [
        'با سلام و خسته نباشید',
        `ما اهالی ${place} مشکلات زیادی داریم؛ ${side(a)} و همچنین ${side(b)}.`,
        `اما مهم‌ترین مشکل و درخواست اصلی ما این است که ${problem}.`,
        `${ask}.`,
        `از طرف اهالی، ${name}`,
      ].join('\n');
    }
  }
}

const SIMILAR: Record<string, string> = {
  ب: 'پ',
  پ: 'ب',
  ت: 'ث',
  ث: 'ت',
  ج: 'چ',
  چ: 'ج',
  ح: 'خ',
  خ: 'ح',
  د: 'ذ',
  ذ: 'د',
  ر: 'ز',
  ز: 'ر',
  س: 'ش',
  ش: 'س',
  ص: 'ض',
  ض: 'ص',
  ط: 'ظ',
  ظ: 'ط',
  ع: 'غ',
  غ: 'ع',
  ف: 'ق',
  ق: 'ف',
  ک: 'گ',
  گ: 'ک',
};

function addNoise(text: string): string {
  let out = text;
  if (chance(0.3)) out = out.replaceAll('ی', 'ي').replaceAll('ک', 'ك');
  if (chance(0.35)) out = chance(0.5) ? out.replaceAll(ZWNJ, '') : out.replaceAll(ZWNJ, ' ');
  if (chance(0.5)) {
    const script = pick(['persian', 'arabic', 'ascii']);
    out = out.replace(/[0-9۰-۹٠-٩]/g, (d) => {
      const value = Number(
        d
          .replace(/[۰-۹]/, (x) => String(x.charCodeAt(0) - 0x06f0))
          .replace(/[٠-٩]/, (x) => String(x.charCodeAt(0) - 0x0660)),
      );
      return script === 'persian'
        ? String.fromCharCode(0x06f0 + value)
        : script === 'arabic'
          ? String.fromCharCode(0x0660 + value)
          : String(value);
    });
  }
  if (chance(0.15)) {
    // OCR-like errors: look-alike letters, dropped and doubled characters, stray spaces.
    out = [...out]
      .map((ch) => {
        const r = random();
        if (r < 0.02 && SIMILAR[ch]) return SIMILAR[ch];
        if (r < 0.03) return '';
        if (r < 0.035) return ch + ch;
        if (r < 0.045 && ch !== ' ') return `${ch} `;
        return ch;
      })
      .join('');
  }
  return out;
}

function splitOf(key: string): 'train' | 'test' {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % 5 === 0 ? 'test' : 'train';
}

const entries: Entry[] = [];
let counter = 0;
const categories = Object.keys(phrases) as Category[];

function entry(
  category: Category,
  urgent: boolean,
  problemTemplate: string,
  placeCounty: [string, string],
  duration: string,
  style: Style,
  group: string | null,
) {
  const bank = phrases[category];
  const problem = fill(problemTemplate, placeCounty[0], duration);
  // Citizens write "فوری" about non-urgent things too; urgency is about life, health and safety.
  const ask = `${pick(bank.asks)}${!urgent && chance(0.1) ? '؛ فوری' : ''}`;
  counter++;
  const id = `R${String(counter).padStart(5, '0')}`;
  entries.push({
    id,
    text: addNoise(compose(style, category, problem, ask, placeCounty[0], duration)),
    category,
    urgent,
    county: placeCounty[1],
    duplicateGroup: group,
    style,
    split: splitOf(group ?? id),
  });
}

// A problem at a place is one concrete issue: only a duplicate group may use the pair twice,
// so that every pair of requests about the same issue is labelled as such.
const usedIssues = new Set<string>();
function freshIssue(
  category: Category,
  urgent: boolean,
  community = false,
): { template: string; place: [string, string] } {
  const bank = phrases[category];
  // A community issue names its place; a personal one (a meter, a loan) is one citizen's own.
  const templates = (urgent ? bank.urgent : bank.problems).filter((t) => !community || t.includes('{place}'));
  for (;;) {
    const template = pick(templates);
    const place = pick(PLACES);
    const key = `${template}|${place[0]}`;
    if (!usedIssues.has(key)) {
      usedIssues.add(key);
      return { template, place: [place[0], place[1]] };
    }
  }
}

for (const category of categories) {
  for (let i = 0; i < 85; i++) {
    const urgent = phrases[category].urgent.length > 0 && chance(0.2);
    const issue = freshIssue(category, urgent);
    entry(category, urgent, issue.template, issue.place, pick(DURATIONS), pick(STYLES), null);
  }
}
// Duplicate groups: several citizens writing about the same concrete issue (same place, same problem).
const communityCategories = categories.filter((c) => phrases[c].problems.some((t) => t.includes('{place}')));
for (let g = 1; g <= 70; g++) {
  const category = pick(communityCategories);
  const urgent = phrases[category].urgent.some((t) => t.includes('{place}')) && chance(0.25);
  const { template, place } = freshIssue(category, urgent, true);
  const duration = pick(DURATIONS);
  const size = 2 + Math.floor(random() * 4);
  for (let k = 0; k < size; k++) {
    entry(category, urgent, template, place, duration, pick(STYLES), `D${String(g).padStart(3, '0')}`);
  }
}

const file = join(REPO_ROOT, 'data', 'corpus', 'requests.jsonl');
writeFileSync(file, `${entries.map((e) => JSON.stringify(e)).join('\n')}\n`);
const test = entries.filter((e) => e.split === 'test').length;
console.log(
  `${entries.length} requests (${entries.length - test} train, ${test} test), ${entries.filter((e) => e.urgent).length} urgent, ${entries.filter((e) => e.duplicateGroup).length} in duplicate groups -> ${file}`,
);
