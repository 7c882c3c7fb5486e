import { createCanvas, loadImage } from '@napi-rs/canvas';

/**
 * Cleans a speckled scan before OCR. A page is binarized and its small dark specks counted
 * (connected components of a few pixels, far smaller than a Persian letter's dots); only a page
 * with many of them is despeckled, by a 3×3 majority filter, since the filter also thins light,
 * clean strokes. `npm run bench` measures both sides of that trade.
 */
const DARK = 128;
const SPECK_MAX_PIXELS = 8;
const SPECKLED_PAGE = 400;

export interface Preprocessed {
  bytes: Buffer;
  specks: number;
  despeckled: boolean;
}

export async function despeckleIfNeeded(input: Uint8Array): Promise<Preprocessed> {
  const image = await loadImage(Buffer.from(input));
  const { width: w, height: h } = image;
  const canvas = createCanvas(w, h);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const pixels = ctx.getImageData(0, 0, w, h);
  const dark = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const luma =
      (pixels.data[i * 4] as number) * 0.299 +
      (pixels.data[i * 4 + 1] as number) * 0.587 +
      (pixels.data[i * 4 + 2] as number) * 0.114;
    dark[i] = luma < DARK ? 1 : 0;
  }
  const specks = countSpecks(dark, w, h);
  if (specks < SPECKLED_PAGE) return { bytes: Buffer.from(input), specks, despeckled: false };
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let count = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= h) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx >= 0 && xx < w) count += dark[yy * w + xx] as number;
        }
      }
      const value = count >= 5 ? 0 : 255;
      const at = (y * w + x) * 4;
      pixels.data[at] = value;
      pixels.data[at + 1] = value;
      pixels.data[at + 2] = value;
      pixels.data[at + 3] = 255;
    }
  }
  ctx.putImageData(pixels, 0, 0);
  return { bytes: canvas.toBuffer('image/png'), specks, despeckled: true };
}

/** Dark connected components (4-neighbourhood) of at most SPECK_MAX_PIXELS pixels. */
function countSpecks(dark: Uint8Array, w: number, h: number): number {
  const seen = new Uint8Array(w * h);
  const stack: number[] = [];
  let specks = 0;
  for (let start = 0; start < w * h; start++) {
    if (!dark[start] || seen[start]) continue;
    let size = 0;
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop() as number;
      size++;
      const x = p % w;
      for (const q of [p - w, p + w, x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1]) {
        if (q >= 0 && q < w * h && dark[q] && !seen[q]) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
    if (size <= SPECK_MAX_PIXELS) specks++;
  }
  return specks;
}
