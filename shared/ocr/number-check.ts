import { createCanvas, loadImage } from '@napi-rs/canvas';
import type { OcrLine } from './document.ts';

/**
 * A second look at the numbers on a page. Tesseract's Persian model confuses ۲ and ۳ in phone
 * numbers and national IDs while reporting the same confidence as for a right reading, so a line
 * with a long run of digits is read again from its own box, enlarged, as a single line. When no
 * second reading agrees on every digit run, the line's confidence drops below any trust floor:
 * the letter goes to a reviewer instead of carrying a wrong number. (Taking a second reading's
 * number instead was measured to pick wrong numbers too, so it is never substituted.)
 */

/** Below every floor the pipeline uses: nothing on this line is trusted. */
export const UNVERIFIED_DIGITS_CONFIDENCE = 0.3;
/**
 * Second readings tried in turn until one agrees, each one small recognition: the line enlarged,
 * read as a single line, then as a raw line (no dictionary or layout assumptions). Chosen on the
 * fixture pages: the raw-line readings confirm two more right numbers and no wrong one.
 */
const SECOND_READINGS: ReadonlyArray<{ scale: number; mode: LineMode }> = [
  { scale: 2, mode: 'line' },
  { scale: 3, mode: 'line' },
  { scale: 1.5, mode: 'line' },
  { scale: 2, mode: 'raw' },
  { scale: 3, mode: 'raw' },
];
/** A phone number, a national ID, a postal code. */
const LONG_RUN = /\d{8,}/g;

/** Tesseract page segmentation: a single text line (7), or a raw line (13). */
export type LineMode = 'line' | 'raw';
export type ReadLine = (image: Buffer, mode: LineMode) => Promise<string>;

/** Long digit runs of a text, with the spaces and dashes people write inside numbers removed. */
export function digitRuns(text: string): string[] {
  return text.replace(/(?<=\d)[\s\-/.]+(?=\d)/g, '').match(LONG_RUN) ?? [];
}

export async function checkNumbers(
  page: Uint8Array,
  lines: OcrLine[],
  readLine: ReadLine,
): Promise<OcrLine[]> {
  const suspects = lines.filter((line) => digitRuns(line.text).length > 0);
  if (suspects.length === 0) return lines;
  const image = await loadImage(Buffer.from(page));
  const checked = new Map<OcrLine, OcrLine>();
  for (const line of suspects) {
    const runs = digitRuns(line.text);
    let agreed = false;
    for (const { scale, mode } of SECOND_READINGS) {
      const again = digitRuns(await readLine(crop(image, line.box, scale), mode));
      if (runs.every((run) => again.includes(run))) {
        agreed = true;
        break;
      }
    }
    if (!agreed)
      checked.set(line, { ...line, confidence: Math.min(line.confidence, UNVERIFIED_DIGITS_CONFIDENCE) });
  }
  return lines.map((line) => checked.get(line) ?? line);
}

/** The line's box with a margin (skew moves a line a little), enlarged. */
function crop(image: Awaited<ReturnType<typeof loadImage>>, box: OcrLine['box'], scale: number): Buffer {
  const padY = box.height * 0.4;
  const padX = box.height * 0.5;
  const left = Math.max(0, (box.left - padX) * image.width);
  const top = Math.max(0, (box.top - padY) * image.height);
  const width = Math.max(1, Math.min(image.width - left, (box.width + 2 * padX) * image.width));
  const height = Math.max(1, Math.min(image.height - top, (box.height + 2 * padY) * image.height));
  const canvas = createCanvas(Math.round(width * scale), Math.round(height * scale));
  const context = canvas.getContext('2d');
  context.drawImage(image, left, top, width, height, 0, 0, canvas.width, canvas.height);
  return canvas.toBuffer('image/png');
}
