import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fas from '@tesseract.js-data/fas';
import { createWorker, OEM, PSM, type Worker } from 'tesseract.js';
import { LETTER_MAX_PAGES } from '../domain/letter-batch.ts';
import {
  assembleDocument,
  type DigitizedDocument,
  type OcrEngine,
  type OcrLine,
  type OcrPage,
  UnreadableImageError,
} from './document.ts';
import { enhancePage } from './enhance.ts';
import { imageFormat, imageSize } from './image-size.ts';
import { ocrLineText } from './line-text.ts';
import { checkNumbers, type LineMode } from './number-check.ts';
import { rasterizePdf } from './pdf.ts';
import { preparePage } from './preprocess.ts';

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
  private readonly enhance: boolean;
  private readonly border: number;
  private readonly maxPdfPages: number;

  /**
   * `autoRotate` (default on) lets Leptonica detect and undo a scan's skew before recognition;
   * `despeckle` (default on) cleans speckled pages (shared/ocr/preprocess.ts); `checkNumbers`
   * (default on) reads lines with long numbers a second time (shared/ocr/number-check.ts);
   * `enhance` (default on) repairs low resolution, uneven lighting, impulse noise and faint ink
   * first (shared/ocr/enhance.ts);
   * `border` (default 20 px) puts a white margin around a page whose ink touches its edge
   * (shared/ocr/preprocess.ts).
   * `npm run bench` measures each on the fixtures.
   */
  constructor(
    options: {
      autoRotate?: boolean;
      despeckle?: boolean;
      checkNumbers?: boolean;
      enhance?: boolean;
      border?: number;
      maxPdfPages?: number;
    } = {},
  ) {
    this.border = options.border ?? 20;
    this.autoRotate = options.autoRotate ?? true;
    this.checkNumbers = options.checkNumbers ?? true;
    this.enhance = options.enhance ?? true;
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
    const worker = await this.getWorker();
    // A page the decoder cannot open goes to Tesseract as it is, which says why it cannot read it.
    const repaired = this.enhance ? ((await enhancePage(bytes).catch(() => null))?.bytes ?? bytes) : bytes;
    const {
      bytes: image,
      width,
      height,
      border,
    } = this.despeckle || this.border
      ? await preparePage(repaired, { despeckle: this.despeckle, border: this.border }).catch(() =>
          asItIs(repaired),
        )
      : asItIs(repaired);
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
    // Boxes as fractions of the image Tesseract read (with its margin) while numbers are checked…
    const lines: OcrLine[] = [];
    for (const block of data.blocks ?? []) {
      for (const paragraph of block.paragraphs) {
        for (const line of paragraph.lines) {
          const text = ocrLineText(line.text);
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
    const checked = this.checkNumbers
      ? await checkNumbers(image, lines, (crop, mode) => this.readLine(crop, mode))
      : lines;
    // …then as fractions of the scanned page itself.
    const pageWidth = width - 2 * border;
    const pageHeight = height - 2 * border;
    return checked.map((line) => ({
      ...line,
      box: {
        left: (line.box.left * width - border) / pageWidth,
        top: (line.box.top * height - border) / pageHeight,
        width: (line.box.width * width) / pageWidth,
        height: (line.box.height * height) / pageHeight,
      },
    }));
  }

  /** One line on its own (page segmentation 7, or 13 for a raw line), for the second look at numbers. */
  private async readLine(image: Buffer, mode: LineMode): Promise<string> {
    const worker = await this.getWorker();
    const { data } = await worker.recognize(image, {
      tessedit_pageseg_mode: mode === 'raw' ? PSM.RAW_LINE : PSM.SINGLE_LINE,
    } as never);
    return ocrLineText(data.text);
  }

  async close(): Promise<void> {
    if (this.worker) await (await this.worker).terminate();
    this.worker = undefined;
  }
}

/** An image read as it came, without preparation. */
function asItIs(bytes: Uint8Array): { bytes: Buffer; width: number; height: number; border: number } {
  const size = imageSize(bytes);
  return { bytes: Buffer.from(bytes), width: size?.width || 1, height: size?.height || 1, border: 0 };
}
