import { benchClassifier } from './classifier.ts';
import { benchDedupe } from './dedupe.ts';
import { benchOcr } from './ocr.ts';

/**
 * `npm run bench`: performance figures of SPEC §7, measured on this machine and printed with
 * their targets and ratios. Figures, not pass/fail: tests never assert timings.
 */
const only = process.argv.slice(2);
const benches: Record<string, () => Promise<object> | object> = {
  classifier: () => benchClassifier(),
  dedupe: () => benchDedupe(),
  ocr: () => benchOcr(),
};

for (const [name, run] of Object.entries(benches)) {
  if (only.length && !only.includes(name)) continue;
  const result = await run();
  console.log(JSON.stringify(result));
}
