import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';

/**
 * Renders printed Persian letters into scanned-page images with their ground truth
 * (tests/fixtures/ocr): A4 at 200 DPI, several fonts and sizes, and the damage scans carry —
 * skew, speckle noise, blur, heavy JPEG compression. `npm run fixtures:ocr` regenerates them
 * (deterministic); the OCR tests and benchmark read them.
 */
const OUT = join(REPO_ROOT, 'tests', 'fixtures', 'ocr');
const FONTS = join(REPO_ROOT, 'node_modules', 'vazirmatn', 'fonts', 'ttf');
GlobalFonts.registerFromPath(join(FONTS, 'Vazirmatn-Regular.ttf'), 'Vazirmatn');
GlobalFonts.registerFromPath(join(FONTS, 'Vazirmatn-Bold.ttf'), 'Vazirmatn Bold');
GlobalFonts.registerFromPath(join(FONTS, 'Vazirmatn-Light.ttf'), 'Vazirmatn Light');

const W = 1654; // A4 at 200 DPI
const H = 2339;

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

type Damage = 'clean' | 'skew' | 'noise' | 'blur' | 'jpeg';
const VARIANTS: Array<{ font: string; size: number; damage: Damage }> = [
  { font: 'Vazirmatn', size: 40, damage: 'clean' },
  { font: 'Vazirmatn Bold', size: 36, damage: 'clean' },
  { font: 'Vazirmatn Light', size: 44, damage: 'clean' },
  { font: 'Vazirmatn', size: 40, damage: 'skew' },
  { font: 'Vazirmatn', size: 40, damage: 'noise' },
  { font: 'Vazirmatn', size: 40, damage: 'blur' },
  { font: 'Vazirmatn', size: 40, damage: 'jpeg' },
];

let seed = 1405;
const random = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 4294967296;
};

function draw(ctx: SKRSContext2D, lines: string[], font: string, size: number): void {
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#111';
  ctx.font = `${size}px "${font}"`;
  ctx.direction = 'rtl';
  ctx.textAlign = 'right';
  for (const [i, line] of lines.entries()) ctx.fillText(line, W - 140, 220 + i * size * 2);
}

mkdirSync(OUT, { recursive: true });
const truth: Record<string, { text: string; clean: boolean }> = {};
LETTERS.forEach((lines, letter) => {
  for (const variant of VARIANTS) {
    const canvas = createCanvas(W, H);
    const ctx = canvas.getContext('2d');
    if (variant.damage === 'skew') {
      ctx.fillStyle = 'white';
      ctx.fillRect(0, 0, W, H);
      ctx.translate(W / 2, H / 2);
      ctx.rotate(((random() < 0.5 ? -1 : 1) * 1.5 * Math.PI) / 180);
      ctx.translate(-W / 2, -H / 2);
    }
    draw(ctx, lines, variant.font, variant.size);
    if (variant.damage === 'noise') {
      ctx.fillStyle = '#222';
      for (let i = 0; i < 6000; i++) ctx.fillRect(random() * W, random() * H, 2, 2);
    }
    let image = canvas;
    if (variant.damage === 'blur') {
      const blurred = createCanvas(W, H);
      const b = blurred.getContext('2d');
      b.filter = 'blur(1.2px)';
      b.drawImage(canvas, 0, 0);
      image = blurred;
    }
    const name = `letter${letter + 1}-${variant.font.replace(/\s+/g, '-').toLowerCase()}-${variant.size}-${variant.damage}`;
    const file = variant.damage === 'jpeg' ? `${name}.jpg` : `${name}.png`;
    writeFileSync(
      join(OUT, file),
      variant.damage === 'jpeg' ? image.toBuffer('image/jpeg', 35) : image.toBuffer('image/png'),
    );
    truth[file] = { text: lines.join('\n'), clean: variant.damage === 'clean' };
  }
});
writeFileSync(join(OUT, 'ground-truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
console.log(`${Object.keys(truth).length} pages -> ${OUT}`);
