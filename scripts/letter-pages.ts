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

export const W = 1654;
export const H = 2339;

export type Damage = 'clean' | 'skew' | 'noise' | 'blur' | 'jpeg';
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

function draw(ctx: SKRSContext2D, lines: string[], font: string, size: number): void {
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, W, H);
  ctx.fillStyle = '#111';
  ctx.font = `${size}px "${font}"`;
  ctx.direction = 'rtl';
  ctx.textAlign = 'right';
  for (const [i, line] of lines.entries()) ctx.fillText(line, W - 140, 220 + i * size * 2);
}

/** One letter as a scanned page: PNG bytes, or JPEG for the JPEG damage. */
export function renderPage(lines: string[], variant: Variant, random: () => number): Buffer {
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
  let image: Canvas = canvas;
  if (variant.damage === 'blur') {
    const blurred = createCanvas(W, H);
    const b = blurred.getContext('2d');
    b.filter = 'blur(1.2px)';
    b.drawImage(canvas, 0, 0);
    image = blurred;
  }
  return variant.damage === 'jpeg' ? image.toBuffer('image/jpeg', 35) : image.toBuffer('image/png');
}
