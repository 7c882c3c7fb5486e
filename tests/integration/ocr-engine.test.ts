import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { characterErrorRate } from '../../shared/ocr/cer.ts';
import { DigitizedDocumentSchema, UnreadableImageError } from '../../shared/ocr/document.ts';
import { imageSize } from '../../shared/ocr/image-size.ts';
import { preparePage } from '../../shared/ocr/preprocess.ts';
import { TesseractEngine } from '../../shared/ocr/tesseract-engine.ts';
import { extractContacts } from '../../shared/persian/extract.ts';

const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'ocr');
const truth = JSON.parse(readFileSync(join(FIXTURES, 'ground-truth.json'), 'utf8')) as Record<
  string,
  { text: string }
>;
const engine = new TesseractEngine();

afterAll(() => engine.close());

describe('Tesseract engine (Persian, packaged model, no network)', () => {
  it('reads a clean printed letter into the digitized-document shape, in line order', async () => {
    const file = 'letter2-vazirmatn-40-clean.png';
    const document = DigitizedDocumentSchema.parse(
      await engine.recognize({ bytes: readFileSync(join(FIXTURES, file)), contentType: 'image/png' }),
    );
    expect(characterErrorRate(truth[file]?.text as string, document.text)).toBeLessThan(0.05);
    expect(document.pages[0]?.lines[0]?.text).toBe('جناب آقای استاندار محترم ایلام');
    const tops = document.pages[0]?.lines.map((l) => l.box.top) ?? [];
    expect(tops).toEqual([...tops].sort((a, b) => a - b));
    expect(document.confidence).toBeGreaterThan(0.5);
    expect(extractContacts(document.text)).toEqual({
      mobile: '09167778899',
      nationalId: null,
      postalCode: '6931745681',
    });
  }, 60_000);

  it('undoes a skewed scan before reading it', async () => {
    const file = 'letter2-vazirmatn-40-skew.png';
    const document = await engine.recognize({
      bytes: readFileSync(join(FIXTURES, file)),
      contentType: 'image/png',
    });
    expect(characterErrorRate(truth[file]?.text as string, document.text)).toBeLessThan(0.05);
  }, 60_000);

  it('despeckles a speckled scan, and only a speckled one', async () => {
    const prepare = (file: string) =>
      preparePage(readFileSync(join(FIXTURES, file)), { despeckle: true, border: 20 });
    const noisy = await prepare('letter1-vazirmatn-40-noise.png');
    const clean = await prepare('letter1-vazirmatn-light-44-clean.png');
    expect(noisy.despeckled).toBe(true);
    expect(clean.despeckled).toBe(false);
    // A clean page with margins of its own comes back untouched.
    expect(clean.bytes.equals(readFileSync(join(FIXTURES, 'letter1-vazirmatn-light-44-clean.png')))).toBe(
      true,
    );
    const file = 'letter1-vazirmatn-40-noise.png';
    const document = await engine.recognize({
      bytes: readFileSync(join(FIXTURES, file)),
      contentType: 'image/png',
    });
    expect(characterErrorRate(truth[file]?.text as string, document.text)).toBeLessThan(0.1);
  }, 60_000);

  it('frames a page cropped to its text with a white margin, and gives line boxes on the page as scanned', async () => {
    const page = await loadImage(readFileSync(join(FIXTURES, 'letter3-vazirmatn-40-clean.png')));
    // Cropped so that the text runs to the right and top edges, as a tight scanner crop does.
    const crop = createCanvas(1200, 900);
    crop.getContext('2d').drawImage(page, 1654 - 1200 - 120, 150, 1200, 900, 0, 0, 1200, 900);
    const bytes = crop.toBuffer('image/png');
    const prepared = await preparePage(bytes, { despeckle: true, border: 20 });
    expect(prepared).toMatchObject({ border: 20, width: 1240, height: 940 });
    const document = await engine.recognize({ bytes, contentType: 'image/png' });
    const whole = await engine.recognize({
      bytes: readFileSync(join(FIXTURES, 'letter3-vazirmatn-40-clean.png')),
      contentType: 'image/png',
    });
    // The first line read from the crop sits where the same line is on the whole page, less the crop's
    // offset: boxes are in the scanned image's terms, not the framed image Tesseract read.
    const first = document.pages[0]?.lines[0];
    const same = whole.pages[0]?.lines.find((l) => l.text === first?.text);
    expect(same).toBeDefined();
    const topInCrop = ((same?.box.top ?? 0) * 2339 - 150) / 900;
    expect(Math.abs((first?.box.top ?? 0) - topInCrop) * 900).toBeLessThan(6);
    const rightInCrop = ((same?.box.left ?? 0) + (same?.box.width ?? 0)) * 1654 - 334;
    expect(Math.abs(((first?.box.left ?? 0) + (first?.box.width ?? 0)) * 1200 - rightInCrop)).toBeLessThan(6);
  }, 60_000);

  it('refuses bytes that are not an image, and says so', async () => {
    await expect(
      engine.recognize({ bytes: Buffer.from('{"not":"an image"}'), contentType: 'image/png' }),
    ).rejects.toBeInstanceOf(UnreadableImageError);
    await expect(
      engine.recognize({ bytes: Buffer.from('%PDF-1.7 ...'), contentType: 'application/pdf' }),
    ).rejects.toThrow(/PDF/);
  });

  it('knows the size of PNG and JPEG pages from their headers', () => {
    expect(imageSize(readFileSync(join(FIXTURES, 'letter1-vazirmatn-40-clean.png')))).toEqual({
      width: 1654,
      height: 2339,
    });
    expect(imageSize(readFileSync(join(FIXTURES, 'letter1-vazirmatn-40-jpeg.jpg')))).toEqual({
      width: 1654,
      height: 2339,
    });
  });

  it('is what the ocr CLI prints: {"text","confidence","lines"}', () => {
    const out = execFileSync(
      process.execPath,
      ['cli/ocr.ts', join(FIXTURES, 'letter3-vazirmatn-bold-36-clean.png')],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      },
    );
    const result = JSON.parse(out);
    expect(Object.keys(result).sort()).toEqual(['confidence', 'lines', 'text']);
    expect(result.lines[0]).toEqual({ text: expect.any(String), confidence: expect.any(Number) });
    expect(
      characterErrorRate(truth['letter3-vazirmatn-bold-36-clean.png']?.text as string, result.text),
    ).toBeLessThan(0.05);
  }, 60_000);

  it('reads a PDF in the ocr CLI too, and fails with a message and a non-zero exit on a non-image', async () => {
    const pdf = await PDFDocument.create();
    const image = await pdf.embedPng(readFileSync(join(FIXTURES, 'letter1-vazirmatn-40-clean.png')));
    pdf.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    const directory = mkdtempSync(join(tmpdir(), 'pasokh-ocr-cli-'));
    writeFileSync(join(directory, 'letter.pdf'), await pdf.save());
    writeFileSync(join(directory, 'notes.txt'), 'not a scan');
    const run = (file: string) =>
      spawnSync(process.execPath, ['cli/ocr.ts', join(directory, file)], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
      });

    const read = run('letter.pdf');
    expect(read.status).toBe(0);
    const result = JSON.parse(read.stdout);
    expect(
      characterErrorRate(truth['letter1-vazirmatn-40-clean.png']?.text as string, result.text),
    ).toBeLessThan(0.05);
    const refused = run('notes.txt');
    expect(refused.status).not.toBe(0);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toMatch(/not a PNG, JPEG, TIFF or PDF/);
  }, 60_000);
});
