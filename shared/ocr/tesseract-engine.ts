import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fas from '@tesseract.js-data/fas';
import { createWorker, OEM, type Worker } from 'tesseract.js';
import { toAsciiDigits } from '../persian/digits.ts';
import { normalizePersian } from '../persian/normalize.ts';
import { assembleDocument, type DigitizedDocument, type OcrEngine, type OcrLine } from './document.ts';
import { imageFormat, imageSize } from './image-size.ts';
import { despeckleIfNeeded } from './preprocess.ts';

/** A page the engine cannot read, or bytes that are not an image it reads. */
export class UnreadableImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableImageError';
  }
}

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

  /**
   * `autoRotate` (default on) lets Leptonica detect and undo a scan's skew before recognition;
   * `despeckle` (default on) cleans speckled pages (shared/ocr/preprocess.ts). `npm run bench`
   * measures both on the skewed and speckled fixtures.
   */
  constructor(options: { autoRotate?: boolean; despeckle?: boolean } = {}) {
    this.autoRotate = options.autoRotate ?? true;
    this.despeckle = options.despeckle ?? true;
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
    if (format === 'pdf')
      throw new UnreadableImageError('PDF pages must be rasterized before Tesseract reads them');
    const size = imageSize(input.bytes);
    const worker = await this.getWorker();
    const page = this.despeckle ? (await despeckleIfNeeded(input.bytes)).bytes : Buffer.from(input.bytes);
    const { data } = await worker.recognize(
      page,
      { rotateAuto: this.autoRotate },
      { blocks: true, text: true },
    );
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
    return assembleDocument('tesseract', [{ page: 1, lines }]);
  }

  async close(): Promise<void> {
    if (this.worker) await (await this.worker).terminate();
    this.worker = undefined;
  }
}
