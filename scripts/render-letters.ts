import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';
import { renderPage, seededRandom, VARIANTS } from './letter-pages.ts';

/**
 * Renders printed Persian letters into scanned-page images with their ground truth
 * (tests/fixtures/ocr): A4 at 200 DPI, several fonts and sizes, and the damage scans carry —
 * skew, speckle noise, blur, heavy JPEG compression. `npm run fixtures:ocr` regenerates them
 * (deterministic); the OCR tests and benchmark read them.
 */
const OUT = join(REPO_ROOT, 'tests', 'fixtures', 'ocr');

const LETTERS: string[][] = [
  [
    'ریاست محترم جمهوری اسلامی ایران',
    'با سلام و احترام',
    'اینجانب علی رضایی ساکن روستای چشمه‌کبود شهرستان ایلام به استحضار می‌رساند',
    'آب آشامیدنی روستای ما دو هفته است که قطع شده و تانکر هم نمی‌آید.',
    'خواهشمندیم دستور رسیدگی فوری صادر فرمایید.',
    'شماره تماس: ۰۹۱۸۱۲۳۴۵۶۷',
    'کد ملی: ۴۶۰۸۹۶۸۸۸۲',
    'با تشکر، علی رضایی',
  ],
  [
    'جناب آقای استاندار محترم ایلام',
    'سلام علیکم',
    'احتراماً به استحضار می‌رساند جاده روستای هفت‌چشمه در سیل اخیر تخریب شده است',
    'و رفت و آمد اهالی و دانش‌آموزان به شهر با مشکل جدی روبه‌رو شده است.',
    'تقاضا داریم اداره راهداری هر چه زودتر نسبت به بازسازی جاده اقدام کند.',
    'شماره همراه: ۰۹۱۶۷۷۷۸۸۹۹',
    'کد پستی: ۶۹۳۱۷۴۵۶۸۱',
    'از طرف اهالی روستا، زهرا کرمی',
  ],
  [
    'حضور محترم هیئت دولت',
    'با عرض سلام',
    'پدرم جانباز هفتاد درصد است و هزینه درمان او را بنیاد شهید پرداخت نمی‌کند.',
    'داروهای او در داروخانه‌های شهر ایوان پیدا نمی‌شود و ماهانه ۱۲ میلیون تومان',
    'هزینه دارو و درمان داریم. لطفاً به وضعیت خانواده ما رسیدگی شود.',
    'تلفن تماس: ۰۹۳۵۱۱۱۲۲۳۳',
    'با احترام، حسین مرادی',
  ],
];

const random = seededRandom(1405);

mkdirSync(OUT, { recursive: true });
const truth: Record<string, { text: string; clean: boolean }> = {};
LETTERS.forEach((lines, letter) => {
  for (const variant of VARIANTS) {
    const page = renderPage(lines, variant, random);
    const name = `letter${letter + 1}-${variant.font.replace(/\s+/g, '-').toLowerCase()}-${variant.size}-${variant.damage}`;
    const file = variant.damage === 'jpeg' ? `${name}.jpg` : `${name}.png`;
    writeFileSync(join(OUT, file), page);
    truth[file] = { text: lines.join('\n'), clean: variant.damage === 'clean' };
  }
});
writeFileSync(join(OUT, 'ground-truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
console.log(`${Object.keys(truth).length} pages -> ${OUT}`);
