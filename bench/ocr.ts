import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';
import { renderPage, seededRandom, VARIANTS, type Variant } from '../scripts/letter-pages.ts';
import { characterErrorRate } from '../shared/ocr/cer.ts';
import { TesseractEngine } from '../shared/ocr/tesseract-engine.ts';
import { trustedContacts } from '../shared/ocr/trusted-contacts.ts';
import { extractContacts } from '../shared/persian/extract.ts';

const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'ocr');
/** The digitize step's default trust floor (OCR_MIN_CONFIDENCE). */
const MIN_CONFIDENCE = 0.6;

type Truth = Record<string, { text: string; clean: boolean }>;

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / (values.length || 1);
const round = (v: number, digits = 4) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Mobile numbers as the pipeline would take them: right, wrong (the harm), or left to a person. */
type MobileOutcome = 'right' | 'wrong' | 'toReview';

async function measure(engine: TesseractEngine, truth: Truth) {
  const rows: Array<{ file: string; clean: boolean; cer: number; seconds: number; mobile: MobileOutcome }> =
    [];
  for (const [file, { text, clean }] of Object.entries(truth)) {
    const bytes = readFileSync(join(FIXTURES, file));
    const started = performance.now();
    const document = await engine.recognize({ bytes, contentType: 'image/png' });
    const seconds = (performance.now() - started) / 1000;
    const taken = trustedContacts([document], MIN_CONFIDENCE).contacts.mobile;
    const mobile = taken === null ? 'toReview' : taken === extractContacts(text).mobile ? 'right' : 'wrong';
    rows.push({ file, clean, cer: characterErrorRate(text, document.text), seconds, mobile });
  }
  return rows;
}

const PREFIXES = [
  ...['0901', '0902', '0903', '0905'],
  ...Array.from({ length: 10 }, (_, i) => `091${i}`),
  ...['0920', '0921', '0922'],
  ...Array.from({ length: 10 }, (_, i) => `093${i}`),
];

/**
 * Pages the number check was not tuned on: short letters with random mobile numbers rich in the
 * digits Tesseract confuses (۲ and ۳), in every font and damage of the fixtures.
 */
function heldOutNumberPages(count: number): Array<{ mobile: string; bytes: Buffer }> {
  const random = seededRandom(1406);
  const persian = (ascii: string) => ascii.replace(/\d/g, (d) => '۰۱۲۳۴۵۶۷۸۹'[Number(d)] as string);
  const digits = '01223345667889';
  const keywords = ['شماره تماس', 'شماره همراه', 'تلفن همراه', 'تلفن تماس'];
  return Array.from({ length: count }, (_, i) => {
    // Operator prefixes in use (the extractor takes no other): 0901–0905, 0910–0919, 0920–0922, 0930–0939.
    const prefix = PREFIXES[Math.floor(random() * PREFIXES.length)] as string;
    const mobile = `${prefix}${Array.from({ length: 7 }, () => digits[Math.floor(random() * digits.length)]).join('')}`;
    const lines = [
      'با سلام و احترام',
      'خواهشمند است به درخواست اینجانب در مورد آب آشامیدنی روستا رسیدگی فرمایید.',
      `${keywords[i % keywords.length]}: ${persian(mobile)}`,
      'با تشکر',
    ];
    return { mobile, bytes: renderPage(lines, VARIANTS[i % VARIANTS.length] as Variant, random) };
  });
}

async function mobileOutcomes(engine: TesseractEngine, pages: Array<{ mobile: string; bytes: Buffer }>) {
  const outcomes = { right: 0, wrong: 0, toReview: 0 };
  for (const { mobile, bytes } of pages) {
    const document = await engine.recognize({ bytes, contentType: 'image/png' });
    const taken = trustedContacts([document], MIN_CONFIDENCE).contacts.mobile;
    if (taken === null) outcomes.toReview++;
    else if (taken === mobile) outcomes.right++;
    else outcomes.wrong++;
  }
  return outcomes;
}

/** The pages cut to the bounding box of their ink, as a scanner's auto-crop does. */
async function croppedToText(truth: Truth): Promise<Array<{ text: string; bytes: Buffer }>> {
  const pages: Array<{ text: string; bytes: Buffer }> = [];
  for (const [file, { text }] of Object.entries(truth)) {
    const image = await loadImage(readFileSync(join(FIXTURES, file)));
    const canvas = createCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.drawImage(image, 0, 0);
    const { data } = context.getImageData(0, 0, image.width, image.height);
    let [left, top, right, bottom] = [image.width, image.height, 0, 0];
    for (let y = 0; y < image.height; y++) {
      for (let x = 0; x < image.width; x++) {
        if ((data[(y * image.width + x) * 4] as number) >= 128) continue;
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
    const crop = createCanvas(right - left + 1, bottom - top + 1);
    crop.getContext('2d').drawImage(image, left, top, crop.width, crop.height, 0, 0, crop.width, crop.height);
    pages.push({ text, bytes: crop.toBuffer('image/png') });
  }
  return pages;
}

async function measureBytes(engine: TesseractEngine, pages: Array<{ text: string; bytes: Buffer }>) {
  const errors: number[] = [];
  for (const { text, bytes } of pages) {
    errors.push(characterErrorRate(text, (await engine.recognize({ bytes, contentType: 'image/png' })).text));
  }
  return errors;
}

/** The `tesseract` command-line tool (Debian's tesseract-ocr + tesseract-ocr-fas), when installed. */
function measureCli(truth: Truth) {
  const langs = spawnSync('tesseract', ['--list-langs'], { encoding: 'utf8' });
  if (langs.error || !`${langs.stdout}${langs.stderr}`.includes('fas')) return null;
  const rows = Object.entries(truth).map(([file, { text, clean }]) => {
    const started = performance.now();
    const out = execFileSync('tesseract', [join(FIXTURES, file), 'stdout', '-l', 'fas'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return { file, clean, cer: characterErrorRate(text, out), seconds: (performance.now() - started) / 1000 };
  });
  return rows;
}

/** OCR accuracy and speed on the rendered fixtures (one core, A4 at 200 DPI). */
export async function benchOcr() {
  const truth = JSON.parse(readFileSync(join(FIXTURES, 'ground-truth.json'), 'utf8')) as Truth;
  const engine = new TesseractEngine();
  await engine.recognize({
    bytes: readFileSync(join(FIXTURES, Object.keys(truth)[0] as string)),
    contentType: 'image/png',
  });
  const rows = await measure(engine, truth);
  await engine.close();
  const plain = new TesseractEngine({ autoRotate: false });
  const skewed = Object.fromEntries(Object.entries(truth).filter(([file]) => file.includes('skew')));
  const skewWithout = await measure(plain, skewed);
  await plain.close();
  const raw = new TesseractEngine({ despeckle: false });
  const speckled = Object.fromEntries(Object.entries(truth).filter(([file]) => file.includes('noise')));
  const noiseWithout = await measure(raw, speckled);
  await raw.close();
  // Scans cropped to the text (a tight scanner crop): with and without the white margin.
  const cropped = await croppedToText(
    Object.fromEntries(
      Object.entries(truth).filter(([file]) => file.includes('clean') || file.includes('jpeg')),
    ),
  );
  const framing = new TesseractEngine({ checkNumbers: false });
  const croppedWith = await measureBytes(framing, cropped);
  await framing.close();
  const unframed = new TesseractEngine({ checkNumbers: false, border: 0 });
  const croppedWithout = await measureBytes(unframed, cropped);
  await unframed.close();
  const heldOut = heldOutNumberPages(84);
  const checking = new TesseractEngine();
  const heldOutWith = await mobileOutcomes(checking, heldOut);
  await checking.close();
  const notChecking = new TesseractEngine({ checkNumbers: false });
  const heldOutWithout = await mobileOutcomes(notChecking, heldOut);
  await notChecking.close();
  const unchecked = new TesseractEngine({ checkNumbers: false });
  const withoutCheck = await measure(unchecked, truth);
  await unchecked.close();
  const cli = measureCli(truth);
  const outcomes = (of: Array<{ mobile: MobileOutcome }>) => ({
    right: of.filter((r) => r.mobile === 'right').length,
    wrong: of.filter((r) => r.mobile === 'wrong').length,
    toReview: of.filter((r) => r.mobile === 'toReview').length,
  });
  const clean = rows.filter((r) => r.clean);
  const secondsPerPage = mean(rows.map((r) => r.seconds));
  return {
    name: 'ocr',
    pages: rows.length,
    cerClean: round(mean(clean.map((r) => r.cer))),
    cerAll: round(mean(rows.map((r) => r.cer))),
    cerByDamage: Object.fromEntries(
      ['clean', 'skew', 'noise', 'blur', 'jpeg'].map((d) => [
        d,
        round(mean(rows.filter((r) => r.file.includes(`-${d}.`)).map((r) => r.cer))),
      ]),
    ),
    cerSkewWithoutAutoRotate: round(mean(skewWithout.map((r) => r.cer))),
    cerNoiseWithoutDespeckle: round(mean(noiseWithout.map((r) => r.cer))),
    cerCroppedToText: round(mean(croppedWith)),
    cerCroppedToTextWithoutBorder: round(mean(croppedWithout)),
    secondsPerPage: round(secondsPerPage, 3),
    secondsPerPageWithoutNumberCheck: round(mean(withoutCheck.map((r) => r.seconds)), 3),
    mobileNumbers: outcomes(rows),
    mobileNumbersWithoutNumberCheck: outcomes(withoutCheck),
    heldOutMobileNumbers: heldOutWith,
    heldOutMobileNumbersWithoutNumberCheck: heldOutWithout,
    targets: { cerClean: 0.05, secondsPerPage: 2 },
    ...(cli
      ? {
          tesseractCli: {
            cerClean: round(mean(cli.filter((r) => r.clean).map((r) => r.cer))),
            cerAll: round(mean(cli.map((r) => r.cer))),
            secondsPerPage: round(mean(cli.map((r) => r.seconds)), 3),
            speedRatio: round(mean(cli.map((r) => r.seconds)) / secondsPerPage, 2),
          },
        }
      : { tesseractCli: 'not installed (apt-get install tesseract-ocr tesseract-ocr-fas)' }),
  };
}
