import type { default as Sharp } from 'sharp';

/**
 * Repairs what phones and photocopiers do to a page before Tesseract reads it, with libvips
 * (sharp) for the image operations. Each step runs only on the pages that need it, because each
 * costs something on a clean page (`npm run bench -- ocr-fonts` measures them):
 * - a low-resolution page (under UPSCALE_BELOW px wide: a phone photo, a 150 DPI scan) is enlarged
 *   to 200 DPI A4 width (Lanczos), divided by its own background (a heavy blur of a small copy),
 *   which flattens the phone's uneven light and the photocopy's grey haze, and binarized at Otsu's
 *   level, which drops the sensor noise the enlargement made visible;
 * - a page with many isolated black or white pixels (impulse noise) gets a 3×3 median filter.
 * Other pages (skew, uneven light on a scan, faint ink) are left to Tesseract's own binarization and
 * Leptonica's deskew, which handle them better than a second binarization does. The division and
 * Otsu's level are loops over the raw pixels: sharp exposes neither.
 */
export const UPSCALE_BELOW = 1400;
const TARGET_WIDTH = 1654;
/** Isolated pixels (unlike all four neighbours) per sampled pixel above which a page gets the median. */
const IMPULSE_FRACTION = 0.004;

export interface EnhancedPage {
  bytes: Buffer;
  width: number;
  height: number;
  /** What was done, in order; empty when the page came through untouched. */
  steps: string[];
}

/** Otsu's threshold of an 8-bit image: the level that best separates ink from paper. */
export function otsuLevel(pixels: Uint8Array): number {
  const histogram = new Float64Array(256);
  for (const p of pixels) histogram[p] = (histogram[p] as number) + 1;
  const total = pixels.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * (histogram[i] as number);
  let sumBelow = 0;
  let weightBelow = 0;
  let best = { level: 128, variance: -1 };
  for (let t = 0; t < 256; t++) {
    weightBelow += histogram[t] as number;
    if (!weightBelow) continue;
    const weightAbove = total - weightBelow;
    if (!weightAbove) break;
    sumBelow += t * (histogram[t] as number);
    const meanBelow = sumBelow / weightBelow;
    const meanAbove = (sum - sumBelow) / weightAbove;
    const variance = weightBelow * weightAbove * (meanBelow - meanAbove) ** 2;
    if (variance > best.variance) best = { level: t, variance };
  }
  return best.level;
}

/** The share of sampled pixels unlike all four neighbours: salt-and-pepper noise. */
function impulseShare(pixels: Uint8Array, width: number, height: number): number {
  let isolated = 0;
  let sampled = 0;
  for (let y = 1; y < height - 1; y += 2) {
    for (let x = 1; x < width - 1; x += 2) {
      const i = y * width + x;
      const v = pixels[i] as number;
      sampled++;
      if (
        Math.abs((pixels[i - 1] as number) - v) > 100 &&
        Math.abs((pixels[i + 1] as number) - v) > 100 &&
        Math.abs((pixels[i - width] as number) - v) > 100 &&
        Math.abs((pixels[i + width] as number) - v) > 100
      )
        isolated++;
    }
  }
  return isolated / (sampled || 1);
}

/** libvips loads on the first page that needs it, not when the engine's module loads. */
let loaded: Promise<typeof Sharp> | undefined;
const sharpModule = () => {
  loaded ??= import('sharp').then((m) => m.default);
  return loaded;
};

export async function enhancePage(input: Uint8Array): Promise<EnhancedPage> {
  const sharp = await sharpModule();
  const source = sharp(Buffer.from(input)).greyscale();
  const meta = await source.metadata();
  const originalWidth = meta.width ?? 0;
  const lowResolution = originalWidth > 0 && originalWidth < UPSCALE_BELOW;
  const width = lowResolution ? TARGET_WIDTH : originalWidth;
  const height = lowResolution
    ? Math.round(((meta.height ?? 0) * TARGET_WIDTH) / originalWidth)
    : (meta.height ?? 0);
  const grey = await (lowResolution ? source.resize(width, height, { kernel: 'lanczos3' }) : source)
    .raw()
    .toBuffer();
  const impulse = impulseShare(grey, width, height) > IMPULSE_FRACTION;
  if (!lowResolution && !impulse) return { bytes: Buffer.from(input), width, height, steps: [] };
  const steps: string[] = [];
  let pixels: Uint8Array = grey;
  if (lowResolution) {
    steps.push('upscaled');
    const small = { width: Math.max(1, Math.round(width / 8)), height: Math.max(1, Math.round(height / 8)) };
    const background = await sharp(grey, { raw: { width, height, channels: 1 } })
      .resize(small.width, small.height, { kernel: 'cubic' })
      .blur(6)
      .resize(width, height, { kernel: 'cubic' })
      .raw()
      .toBuffer();
    const flat = Buffer.alloc(width * height);
    for (let i = 0; i < flat.length; i++)
      flat[i] = Math.min(255, Math.round(((grey[i] as number) / Math.max(1, background[i] as number)) * 255));
    pixels = flat;
    steps.push('flattened');
  }
  let repaired = sharp(Buffer.from(pixels), { raw: { width, height, channels: 1 } });
  if (lowResolution) {
    repaired = repaired.threshold(otsuLevel(pixels));
    steps.push('binarized');
  }
  if (impulse) {
    repaired = repaired.median(3);
    steps.push('median');
  }
  return { bytes: await repaired.png({ compressionLevel: 1 }).toBuffer(), width, height, steps };
}
