import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Canvas, createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';

/**
 * Printed Persian letters drawn as scanned pages: A4 at 200 DPI, several fonts and sizes, and the
 * damage scans carry (skew, speckle noise, blur, heavy JPEG compression). Used by the fixture
 * script (tests/fixtures/ocr) and by the benchmark's held-out pages.
 */
const FONTS = join(REPO_ROOT, 'node_modules', 'vazirmatn', 'fonts', 'ttf');
GlobalFonts.registerFromPath(join(FONTS, 'Vazirmatn-Regular.ttf'), 'Vazirmatn');
GlobalFonts.registerFromPath(join(FONTS, 'Vazirmatn-Bold.ttf'), 'Vazirmatn Bold');
GlobalFonts.registerFromPath(join(FONTS, 'Vazirmatn-Light.ttf'), 'Vazirmatn Light');

/**
 * The fonts people print letters with, from Debian's packages (fonts-noto-core, fonts-dejavu-core,
 * fonts-farsiweb; `.ci/run` and the bench's README line install them). Only the installed ones
 * are registered: `PRINT_FONTS` says which.
 */
const SYSTEM_FONTS: Array<{ family: string; file: string }> = [
  { family: 'Noto Naskh Arabic', file: '/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf' },
  { family: 'Noto Sans Arabic', file: '/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf' },
  { family: 'DejaVu Sans', file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' },
  { family: 'Nazli', file: '/usr/share/fonts/truetype/farsiweb/nazli.ttf' },
  { family: 'Homa', file: '/usr/share/fonts/truetype/farsiweb/homa.ttf' },
];
export const PRINT_FONTS = [
  'Vazirmatn',
  ...SYSTEM_FONTS.filter(
    ({ family, file }) => existsSync(file) && GlobalFonts.registerFromPath(file, family),
  ).map((f) => f.family),
];
export const MISSING_FONTS = SYSTEM_FONTS.filter((f) => !PRINT_FONTS.includes(f.family)).map((f) => f.family);

export const W = 1654;
export const H = 2339;

export type Damage =
  | 'clean'
  | 'skew'
  | 'noise'
  | 'blur'
  | 'jpeg'
  // What collectors bring: strong skew, impulse noise, uneven lighting, faint ink, and phone
  // photos of photocopies at 150 DPI.
  | 'skew-strong'
  | 'impulse'
  | 'lighting'
  | 'faint'
  | 'phone-photocopy';
export const COLLECTOR_DAMAGES: Damage[] = [
  'clean',
  'skew-strong',
  'impulse',
  'lighting',
  'faint',
  'phone-photocopy',
];
export interface Variant {
  font: string;
  size: number;
  damage: Damage;
}
export const VARIANTS: Variant[] = [
  { font: 'Vazirmatn', size: 40, damage: 'clean' },
  { font: 'Vazirmatn Bold', size: 36, damage: 'clean' },
  { font: 'Vazirmatn Light', size: 44, damage: 'clean' },
  { font: 'Vazirmatn', size: 40, damage: 'skew' },
  { font: 'Vazirmatn', size: 40, damage: 'noise' },
  { font: 'Vazirmatn', size: 40, damage: 'blur' },
  { font: 'Vazirmatn', size: 40, damage: 'jpeg' },
];

/** A deterministic random source, so rendered pages are the same on every machine. */
export function seededRandom(start: number): () => number {
  let seed = start;
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 4294967296;
  };
}

function draw(
  ctx: SKRSContext2D,
  lines: string[],
  font: string,
  size: number,
  ink = '#111',
  scale = 1,
): void {
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, W * scale, H * scale);
  ctx.fillStyle = ink;
  ctx.font = `${size * scale}px "${font}"`;
  ctx.direction = 'rtl';
  ctx.textAlign = 'right';
  for (const [i, line] of lines.entries())
    ctx.fillText(line, (W - 140) * scale, (220 + i * size * 2) * scale);
}

/** Lines of at most `width` pixels in `font`, words kept whole, for letters longer than a line. */
export function wrapLines(text: string, font: string, size: number, width = W - 280): string[] {
  const ctx = createCanvas(10, 10).getContext('2d');
  ctx.font = `${size}px "${font}"`;
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const next = line ? `${line} ${word}` : word;
      if (line && ctx.measureText(next).width > width) {
        lines.push(line);
        line = word;
      } else line = next;
    }
    if (line) lines.push(line);
  }
  return lines;
}

function rotate(ctx: SKRSContext2D, degrees: number, w: number, h: number) {
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, w, h);
  ctx.translate(w / 2, h / 2);
  ctx.rotate((degrees * Math.PI) / 180);
  ctx.translate(-w / 2, -h / 2);
}

/** Light falling off across the page, as from a window or a phone's flash: darker towards a corner. */
function unevenLight(canvas: Canvas, random: () => number, depth: number) {
  const ctx = canvas.getContext('2d');
  const x = random() < 0.5 ? 0 : canvas.width;
  const gradient = ctx.createLinearGradient(x, 0, canvas.width - x, canvas.height);
  const shade = Math.round(255 * (1 - depth));
  gradient.addColorStop(0, `rgb(${shade},${shade},${shade})`);
  gradient.addColorStop(1, 'white');
  ctx.globalCompositeOperation = 'multiply';
  ctx.fillStyle = gradient;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.globalCompositeOperation = 'source-over';
}

/** Every pixel nudged by ±`amount`, and `impulse` of them set to black or white. */
function pixelNoise(canvas: Canvas, random: () => number, amount: number, impulse: number) {
  const ctx = canvas.getContext('2d');
  const image = ctx.getImageData(0, 0, canvas.width, canvas.height);
  const data = image.data;
  for (let i = 0; i < data.length; i += 4) {
    let v = (data[i] as number) + (amount ? (random() - 0.5) * 2 * amount : 0);
    if (impulse && random() < impulse) v = random() < 0.5 ? 0 : 255;
    const c = Math.max(0, Math.min(255, v));
    data[i] = c;
    data[i + 1] = c;
    data[i + 2] = c;
  }
  ctx.putImageData(image, 0, 0);
}

function blurred(canvas: Canvas, px: number): Canvas {
  const out = createCanvas(canvas.width, canvas.height);
  const ctx = out.getContext('2d');
  ctx.filter = `blur(${px}px)`;
  ctx.drawImage(canvas, 0, 0);
  return out;
}

/** One letter as a scanned page: PNG bytes, or JPEG for the JPEG damage and phone photos. */
export function renderPage(lines: string[], variant: Variant, random: () => number): Buffer {
  // A phone photo of a photocopy: the page at 150 DPI.
  const scale = variant.damage === 'phone-photocopy' ? 0.75 : 1;
  const canvas = createCanvas(Math.round(W * scale), Math.round(H * scale));
  const ctx = canvas.getContext('2d');
  // Drawn only when used, so the fixtures' random sequence stays as it was.
  const sign = () => (random() < 0.5 ? -1 : 1);
  if (variant.damage === 'skew') rotate(ctx, sign() * 1.5, W, H);
  if (variant.damage === 'skew-strong') rotate(ctx, sign() * (2.5 + 2 * random()), W, H);
  if (variant.damage === 'phone-photocopy')
    rotate(ctx, sign() * (0.8 + random()), canvas.width, canvas.height);
  draw(ctx, lines, variant.font, variant.size, variant.damage === 'faint' ? '#9a9a9a' : '#111', scale);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  if (variant.damage === 'noise') {
    ctx.fillStyle = '#222';
    for (let i = 0; i < 6000; i++) ctx.fillRect(random() * W, random() * H, 2, 2);
  }
  let image: Canvas = canvas;
  if (variant.damage === 'blur') image = blurred(canvas, 1.2);
  if (variant.damage === 'impulse') pixelNoise(canvas, random, 0, 0.02);
  if (variant.damage === 'lighting') unevenLight(canvas, random, 0.55);
  if (variant.damage === 'faint') image = blurred(canvas, 0.5);
  if (variant.damage === 'phone-photocopy') {
    // The photocopy: grey toner haze and specks, softened edges; then the phone: light falling
    // off across the page, sensor noise, JPEG.
    ctx.globalCompositeOperation = 'multiply';
    ctx.fillStyle = '#e4e4e4';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.globalCompositeOperation = 'source-over';
    ctx.fillStyle = '#444';
    for (let i = 0; i < 2500; i++) ctx.fillRect(random() * canvas.width, random() * canvas.height, 1.5, 1.5);
    image = blurred(canvas, 0.7);
    unevenLight(image, random, 0.45);
    pixelNoise(image, random, 14, 0);
    return image.toBuffer('image/jpeg', 60);
  }
  return variant.damage === 'jpeg' ? image.toBuffer('image/jpeg', 35) : image.toBuffer('image/png');
}
