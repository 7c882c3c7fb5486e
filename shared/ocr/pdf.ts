import { createCanvas } from '@napi-rs/canvas';
import { UnreadableImageError } from './document.ts';

/** Scanned letters are read at 200 DPI, the resolution the OCR targets are set for. */
const RENDER_DPI = 200;
const PDF_POINTS_PER_INCH = 72;
/** A page larger than this (A3 at 200 DPI is about 3,300 × 4,700) is not a letter. */
const MAX_PAGE_PIXELS = 40_000_000;

/**
 * Renders a scanned PDF's pages to PNG images for an engine that reads images (Tesseract), one
 * page at a time so memory holds one page. pdf.js (Mozilla's renderer) draws on @napi-rs/canvas,
 * which the fixtures already use; both are prebuilt, so nothing is compiled at install.
 * A PDF with more pages than a letter may have is refused before any page is drawn.
 */
export async function* rasterizePdf(
  bytes: Uint8Array,
  options: { maxPages: number },
): AsyncGenerator<{ page: number; png: Buffer }> {
  // Loaded on the first PDF: most letters are images, and pdf.js is a large module to start.
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // pdf.js may transfer the buffer it is given to its worker: give it a copy.
  const task = getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, verbosity: 0 });
  let pdf: Awaited<typeof task.promise>;
  try {
    pdf = await task.promise;
  } catch (error) {
    await task.destroy();
    throw new UnreadableImageError(`the PDF could not be opened (${(error as Error).name})`);
  }
  try {
    if (pdf.numPages > options.maxPages) {
      throw new UnreadableImageError(
        `the PDF has ${pdf.numPages} pages; a letter has at most ${options.maxPages}`,
      );
    }
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const viewport = page.getViewport({ scale: RENDER_DPI / PDF_POINTS_PER_INCH });
      const width = Math.ceil(viewport.width);
      const height = Math.ceil(viewport.height);
      if (width * height > MAX_PAGE_PIXELS) {
        throw new UnreadableImageError(`PDF page ${number} is larger than a letter page`);
      }
      const canvas = createCanvas(width, height);
      const context = canvas.getContext('2d');
      // Scans with transparency would otherwise come out black on Tesseract's side.
      context.fillStyle = 'white';
      context.fillRect(0, 0, width, height);
      await page.render({ canvas: canvas as never, viewport }).promise;
      page.cleanup();
      yield { page: number, png: canvas.toBuffer('image/png') };
    }
  } finally {
    await task.destroy();
  }
}
