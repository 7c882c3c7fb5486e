import { benchClassifier } from './classifier.ts';
import { benchDedupe } from './dedupe.ts';
import { benchIntake } from './intake.ts';
import { benchOcr } from './ocr.ts';
import { benchOcrAcrossFonts } from './ocr-fonts.ts';
import { benchWebhooks } from './webhooks.ts';

/**
 * `npm run bench [-- <name> …]`: performance figures of SPEC §7, measured on this machine and
 * printed with their targets and ratios, one JSON line each. Figures, not pass/fail: tests never
 * assert timings. `ocr` prints two lines: the fixtures, then the print fonts and collectors' damage.
 */
const only = process.argv.slice(2);
const benches: Array<{ name: string; group: string; run: () => Promise<object> | object }> = [
  { name: 'classifier', group: 'classifier', run: () => benchClassifier() },
  { name: 'dedupe', group: 'dedupe', run: () => benchDedupe() },
  { name: 'ocr', group: 'ocr', run: () => benchOcr() },
  { name: 'ocr-fonts', group: 'ocr', run: () => benchOcrAcrossFonts() },
  { name: 'intake', group: 'intake', run: () => benchIntake() },
  { name: 'webhooks', group: 'webhooks', run: () => benchWebhooks() },
];

for (const { name, group, run } of benches) {
  if (only.length && !only.includes(name) && !only.includes(group)) continue;
  const started = Date.now();
  process.stderr.write(`[bench] ${name}…\n`);
  console.log(JSON.stringify(await run()));
  process.stderr.write(`[bench] ${name} done in ${Math.round((Date.now() - started) / 1000)} s\n`);
}
