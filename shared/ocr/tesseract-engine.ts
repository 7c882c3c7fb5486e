import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fas from '@tesseract.js-data/fas';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { LETTER_MAX_PAGES } from '../domain/letter-batch.ts';
import { toAsciiDigits } from '../persian/digits.ts';
import { normalizePersian } from '../persian/normalize.ts';
import {
  assembleDocument,
  type DigitizedDocument,
  type OcrEngine,
  type OcrLine,
  type OcrPage,
  UnreadableImageError,
} from './document.ts';
import { imageFormat, imageSize } from './image-size.ts';
import { checkNumbers } from './number-check.ts';
import { rasterizePdf } from './pdf.ts';
import { despeckleIfNeeded } from './preprocess.ts';

/**
 * Persian OCR with tesseract.js and the Persian model from @tesseract.js-data/fas, loaded from
 * the installed package (never downloaded). One worker per process, created on first use and
 * reused, as a warm Lambda container would. Line text is normalized Persian with digits folded to
 * ASCII, so identifiers read the same whatever digits the letter used.
 */
export class TesseractEngine implements OcrEngine {
  private worker: Promise<Worker> | undefined;
  private readonly autoRotate: boolean;
  private readonly despeckle: boolean;
  private readonly checkNumbers: boolean;
  private readonly maxPdfPages: number;

  /**
   * `autoRotate` (default on) lets Leptonica detect and undo a scan's skew before recognition;
   * `despeckle` (default on) cleans speckled pages (shared/ocr/preprocess.ts); `checkNumbers`
   * (default on) reads lines with long numbers a second time (shared/ocr/number-check.ts).
   * `npm run bench` measures each on the fixtures.
   */
  constructor(
    options: { autoRotate?: boolean; despeckle?: boolean; checkNumbers?: boolean; maxPdfPages?: number } = {},
  ) {
    this.autoRotate = options.autoRotate ?? true;
    this.checkNumbers = options.checkNumbers ?? true;
    this.despeckle = options.despeckle ?? true;
    this.maxPdfPages = options.maxPdfPages ?? LETTER_MAX_PAGES;
  }

  private getWorker(): Promise<Worker> {
    this.worker ??= createWorker('fas', OEM.LSTM_ONLY, {
      langPath: fas.langPath,
      gzip: fas.gzip,
      cachePath: join(tmpdir(), 'pasokh-tesseract'),
      logger: () => undefined,
      errorHandler: () => undefined,
    }).then(async (worker) => {
      // Tesseract's own diagnostics ("Estimating resolution…") would land on stdout otherwise.
      await worker.setParameters({ debug_file: '/dev/null' });
      return worker;
    });
    return this.worker;
  }

  async recognize(input: { bytes: Uint8Array; contentType: string }): Promise<DigitizedDocument> {
    const format = imageFormat(input.bytes);
    if (format === null) throw new UnreadableImageError('not a PNG, JPEG, TIFF or PDF file');
    const pages: OcrPage[] = [];
    if (format === 'pdf') {
      for await (const { page, png } of rasterizePdf(input.bytes, { maxPages: this.maxPdfPages })) {
        pages.push({ page, lines: await this.readImage(png) });
      }
    } else {
      pages.push({ page: 1, lines: await this.readImage(input.bytes) });
    }
    return assembleDocument('tesseract', pages);
  }

  private async readImage(bytes: Uint8Array): Promise<OcrLine[]> {
    const size = imageSize(bytes);
    const worker = await this.getWorker();
    const image = this.despeckle ? (await despeckleIfNeeded(bytes)).bytes : Buffer.from(bytes);
    let data: Awaited<ReturnType<Worker['recognize']>>['data'];
    try {
      ({ data } = await worker.recognize(
        image,
        { rotateAuto: this.autoRotate },
        { blocks: true, text: true },
      ));
    } catch (error) {
      // A header that looks right over damaged or truncated image data.
      throw new UnreadableImageError(`the image could not be decoded (${String(error).slice(0, 100)})`);
    }
    const width = size?.width || 1;
    const height = size?.height || 1;
    const lines: OcrLine[] = [];
    for (const block of data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const line of paragraph.lines) {
          const text = toAsciiDigits(normalizePersian(line.text));
          if (!text) continue;
          lines.push({
            text,
            confidence: Math.round(line.confidence * 10) / 1000,
            box: {
              left: line.bbox.x0 / width,
              top: line.bbox.y0 / height,
              width: (line.bbox.x1 - line.bbox.x0) / width,
              height: (line.bbox.y1 - line.bbox.y0) / height,
            },
          });
        }
      }
    }
    return this.checkNumbers ? checkNumbers(image, lines, (crop) => this.readLine(crop)) : lines;
  }

  /** One line on its own (page segmentation mode 7), for the second look at numbers. */
  private async readLine(image: Buffer): Promise<string> {
    const worker = await this.getWorker();
    const { data } = await worker.recognize(image, { tessedit_pageseg_mode: PSM.SINGLE_LINE } as never);
    return toAsciiDigits(normalizePersian(data.text));
  }

  async close(): Promise<void> {
    if (this.worker) await (await this.worker).terminate();
    this.worker = undefined;
  }
}
