import { z } from 'zod';

/**
 * The digitized-document shape every OCR engine produces (Textract for Latin-script and Arabic
 * documents and forms, Tesseract for Persian): pages of lines in reading order, each with its
 * text, confidence (0–1) and bounding box (fractions of the page, so engines agree).
 */
export const BoundingBoxSchema = z.object({
  left: z.number(),
  top: z.number(),
  width: z.number(),
  height: z.number(),
});
export type BoundingBox = z.infer<typeof BoundingBoxSchema>;

export const OcrLineSchema = z.object({
  text: z.string(),
  confidence: z.number().min(0).max(1),
  box: BoundingBoxSchema,
});
export type OcrLine = z.infer<typeof OcrLineSchema>;

export const OcrPageSchema = z.object({
  page: z.number().int().min(1),
  lines: z.array(OcrLineSchema),
});
export type OcrPage = z.infer<typeof OcrPageSchema>;

export const DigitizedDocumentSchema = z.object({
  engine: z.enum(['tesseract', 'textract']),
  pages: z.array(OcrPageSchema),
  /** All lines in reading order, pages separated by a blank line. */
  text: z.string(),
  /** Mean line confidence weighted by line length, 0–1. */
  confidence: z.number().min(0).max(1),
});
export type DigitizedDocument = z.infer<typeof DigitizedDocumentSchema>;

/** Builds the document-level text and confidence from its pages. */
export function assembleDocument(engine: DigitizedDocument['engine'], pages: OcrPage[]): DigitizedDocument {
  const text = pages.map((p) => p.lines.map((l) => l.text).join('\n')).join('\n\n');
  return { engine, pages, text, confidence: readingConfidence(pages.flatMap((p) => p.lines)) };
}

/** Mean line confidence weighted by line length (0 for no lines), to three decimals. */
export function readingConfidence(lines: readonly OcrLine[]): number {
  let weight = 0;
  let sum = 0;
  for (const line of lines) {
    const w = Math.max(1, line.text.length);
    weight += w;
    sum += w * line.confidence;
  }
  return weight ? Math.round((sum / weight) * 1000) / 1000 : 0;
}

/** A page the engine cannot read, or bytes that are not an image or document it reads. */
export class UnreadableImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableImageError';
  }
}

/** An OCR engine: image or document bytes in, the digitized-document shape out. */
export interface OcrEngine {
  recognize(input: { bytes: Uint8Array; contentType: string }): Promise<DigitizedDocument>;
}

/**
 * An engine that reads some documents (Textract: PDFs) in asynchronous jobs: started on the
 * stored scan, announced when done (Textract notifies an SNS topic), then collected.
 */
export interface DocumentJobs {
  needsJob(contentType: string): boolean;
  /** Starts (or, for the same key, finds again) a job; `jobTag` comes back in the notification. */
  startJob(document: { key: string; jobTag: string }): Promise<string>;
  /** The job's document, or null while it is still running. */
  collect(jobId: string): Promise<DigitizedDocument | null>;
}

export const readsByJob = (engine: OcrEngine): engine is OcrEngine & DocumentJobs =>
  typeof (engine as Partial<DocumentJobs>).startJob === 'function';
