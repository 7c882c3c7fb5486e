import { z } from 'zod';
import type { DocumentLanguage } from '../domain/ticket.ts';
import type { OcrEngine } from '../ocr/document.ts';
import { TesseractEngine } from '../ocr/tesseract-engine.ts';
import { engineFor, TextractEngine } from '../ocr/textract-engine.ts';
import type { DigitizeDeps } from '../services/digitize.ts';
import { textract } from './clients.ts';
import { clock, scanStore, ticketStore } from './dependencies.ts';
import { readEnv } from './env.ts';

/**
 * The OCR consumer's dependencies. Kept apart from dependencies.ts so that only the OCR function
 * bundles the engines. One Tesseract worker per container, created on first use and kept warm.
 */
export async function digitizeDependencies(): Promise<DigitizeDeps> {
  const env = readEnv(
    z.object({
      /** Engine per language, e.g. "fa=tesseract,ar=textract,en=textract" (those are the defaults). */
      OCR_ENGINES: z.string().max(200).default(''),
      /** Below this reading confidence (0–1) a person types the letter. */
      OCR_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.6),
      /** Textract's asynchronous jobs (PDFs): the scans bucket, the topic it notifies, its role. */
      ATTACHMENTS_BUCKET: z.string().min(3),
      TEXTRACT_TOPIC_ARN: z.string().min(1).optional(),
      TEXTRACT_ROLE_ARN: z.string().min(1).optional(),
    }),
  );
  const jobs =
    env.TEXTRACT_TOPIC_ARN && env.TEXTRACT_ROLE_ARN
      ? { bucket: env.ATTACHMENTS_BUCKET, topicArn: env.TEXTRACT_TOPIC_ARN, roleArn: env.TEXTRACT_ROLE_ARN }
      : undefined;
  let tesseract: TesseractEngine | undefined;
  const textractEngines = new Map<DocumentLanguage, TextractEngine>();
  const engineOf = (language: DocumentLanguage): OcrEngine => {
    if (engineFor(language, env.OCR_ENGINES) === 'tesseract') {
      tesseract ??= new TesseractEngine();
      return tesseract;
    }
    // Arabic (and Persian, if configured) lines read right to left across columns.
    let engine = textractEngines.get(language);
    if (!engine) {
      engine = new TextractEngine(textract(), { rightToLeft: language !== 'en', ...(jobs ? { jobs } : {}) });
      textractEngines.set(language, engine);
    }
    return engine;
  };
  return {
    tickets: await ticketStore(),
    scans: scanStore(),
    engineFor: engineOf,
    now: clock,
    minConfidence: env.OCR_MIN_CONFIDENCE,
  };
}
