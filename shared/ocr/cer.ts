import { toAsciiDigits } from '../persian/digits.ts';
import { normalizePersian } from '../persian/normalize.ts';

/** Text as compared for accuracy: normalized Persian, ASCII digits, one space between words. */
function comparable(text: string): string[] {
  return [...toAsciiDigits(normalizePersian(text)).replaceAll('\u200C', ' ').replace(/\s+/g, ' ').trim()];
}

/** Character error rate: edit distance from the ground truth, over the ground truth's length. */
export function characterErrorRate(truth: string, recognized: string): number {
  const a = comparable(truth);
  const b = comparable(recognized);
  if (a.length === 0) return b.length === 0 ? 0 : 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min(
          (previous[j] as number) + 1,
          (current[j - 1] as number) + 1,
          (previous[j - 1] as number) + cost,
        ),
      );
    }
    previous = current;
  }
  return (previous[b.length] as number) / a.length;
}
