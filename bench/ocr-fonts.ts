import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readHandwritten } from '../cli/corpus.ts';
import {
  COLLECTOR_DAMAGES,
  type Damage,
  MISSING_FONTS,
  PRINT_FONTS,
  renderPage,
  seededRandom,
  wrapLines,
} from '../scripts/letter-pages.ts';
import { characterErrorRate } from '../shared/ocr/cer.ts';
import { TesseractEngine } from '../shared/ocr/tesseract-engine.ts';

/**
 * OCR on what collectors bring: formal letters from the hand-written corpus (text the fixtures
 * never used) printed in the fonts people print with and damaged as visit-site photos are (strong
 * skew, impulse noise, uneven lighting, faint ink, phone photos of photocopies at 150 DPI), read
 * by Pasokh's engine and by Debian's `tesseract` CLI on the same pages. CER per font and per
 * damage; targets 3% overall, 6% on phone photos, under 2 s a page.
 */
const LETTERS_PER_CELL = Number(process.env.OCR_BENCH_LETTERS ?? 2);
const SIZE = 40;

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / (values.length || 1);
const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

function letters(): string[] {
  return readHandwritten()
    .filter((r) => r.style === 'formal' && r.text.length > 200 && r.text.length < 600)
    .slice(0, 12)
    .map((r) => r.text);
}

function cliAvailable(): boolean {
  const langs = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  return !langs.error && `${langs.stdout}${langs.stderr}`.includes('fas');
}

export interface FontDamagePage {
  font: string;
  damage: Damage;
  text: string;
  bytes: Buffer;
  contentType: string;
}

export function collectorPages(fonts = PRINT_FONTS, damages = COLLECTOR_DAMAGES): FontDamagePage[] {
  const texts = letters();
  const random = seededRandom(1407);
  const pages: FontDamagePage[] = [];
  let n = 0;
  for (const font of fonts)
    for (const damage of damages)
      for (let k = 0; k < LETTERS_PER_CELL; k++) {
        const text = texts[n++ % texts.length] as string;
        const lines = wrapLines(text, font, SIZE);
        const bytes = renderPage(lines, { font, size: SIZE, damage }, random);
        pages.push({
          font,
          damage,
          text: lines.join('\n'),
          bytes,
          contentType: damage === 'phone-photocopy' ? 'image/jpeg' : 'image/png',
        });
      }
  return pages;
}

export async function benchOcrAcrossFonts() {
  const pages = collectorPages();
  const engine = new TesseractEngine();
  await engine.recognize({ bytes: pages[0]?.bytes as Buffer, contentType: 'image/png' });
  const ours: Array<{ page: FontDamagePage; cer: number; seconds: number }> = [];
  for (const page of pages) {
    const started = performance.now();
    const document = await engine.recognize({ bytes: page.bytes, contentType: page.contentType });
    ours.push({
      page,
      cer: characterErrorRate(page.text, document.text),
      seconds: (performance.now() - started) / 1000,
    });
  }
  await engine.close();
  const cli: Array<{ page: FontDamagePage; cer: number; seconds: number }> = [];
  if (cliAvailable()) {
    const dir = mkdtempSync(join(tmpdir(), 'pasokh-ocr-bench-'));
    for (const [i, page] of pages.entries()) {
      const file = join(dir, `${i}.${page.contentType === 'image/jpeg' ? 'jpg' : 'png'}`);
      writeFileSync(file, page.bytes);
      const started = performance.now();
      const out = execFileSync('tesseract', [file, 'stdout', '-l', 'fas'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      cli.push({
        page,
        cer: characterErrorRate(page.text, out),
        seconds: (performance.now() - started) / 1000,
      });
    }
    rmSync(dir, { recursive: true, force: true });
  }
  const by = <K extends 'font' | 'damage'>(key: K, values: readonly string[]) =>
    Object.fromEntries(
      values.map((v) => [
        v,
        {
          pasokh: round(mean(ours.filter((r) => r.page[key] === v).map((r) => r.cer))),
          ...(cli.length ? { cli: round(mean(cli.filter((r) => r.page[key] === v).map((r) => r.cer))) } : {}),
        },
      ]),
    );
  return {
    name: 'ocr-across-fonts-and-damage',
    pages: pages.length,
    text: 'formal letters of the hand-written corpus, wrapped to the page',
    cerAll: round(mean(ours.map((r) => r.cer))),
    cerPhonePhotos: round(mean(ours.filter((r) => r.page.damage === 'phone-photocopy').map((r) => r.cer))),
    secondsPerPage: round(mean(ours.map((r) => r.seconds)), 3),
    cerByFont: by('font', PRINT_FONTS),
    cerByDamage: by('damage', COLLECTOR_DAMAGES),
    ...(cli.length
      ? {
          tesseractCli: {
            cerAll: round(mean(cli.map((r) => r.cer))),
            secondsPerPage: round(mean(cli.map((r) => r.seconds)), 3),
          },
        }
      : { tesseractCli: 'not installed (apt-get install tesseract-ocr tesseract-ocr-fas)' }),
    targets: { cerAll: 0.03, cerPhonePhotos: 0.06, secondsPerPage: 2 },
    ...(MISSING_FONTS.length ? { fontsNotInstalled: MISSING_FONTS } : {}),
  };
}
