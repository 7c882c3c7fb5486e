import {
  type Block,
  DetectDocumentTextCommand,
  GetDocumentTextDetectionCommand,
  type TextractClient,
} from '@aws-sdk/client-textract';
import type { DocumentLanguage } from '../domain/ticket.ts';
import { type DigitizedDocument, type OcrEngine, UnreadableImageError } from './document.ts';
import { imageFormat } from './image-size.ts';
import { parseTextractBlocks } from './textract-parser.ts';

/**
 * Amazon Textract, for Latin-script and Arabic documents and forms (Textract does not read
 * Persian). Single images go through DetectDocumentText; a multi-page PDF is started with
 * StartDocumentTextDetection by the pipeline and its result collected here page by page
 * (GetDocumentTextDetection with NextToken) once Textract reports the job done.
 */
export class TextractEngine implements OcrEngine {
  private readonly client: TextractClient;
  private readonly rightToLeft: boolean;

  constructor(client: TextractClient, options: { rightToLeft?: boolean } = {}) {
    this.client = client;
    this.rightToLeft = options.rightToLeft ?? false;
  }

  async recognize(input: { bytes: Uint8Array; contentType: string }): Promise<DigitizedDocument> {
    const format = imageFormat(input.bytes);
    if (format !== 'png' && format !== 'jpeg' && format !== 'tiff') {
      throw new UnreadableImageError(
        'Textract reads PNG, JPEG or TIFF bytes here; PDFs go through an asynchronous job',
      );
    }
    const { Blocks = [] } = await this.client.send(
      new DetectDocumentTextCommand({ Document: { Bytes: input.bytes } }),
    );
    return parseTextractBlocks(Blocks, { rightToLeft: this.rightToLeft });
  }

  /** The whole result of a finished asynchronous job, all its pages. */
  async collect(jobId: string): Promise<DigitizedDocument> {
    const blocks: Block[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new GetDocumentTextDetectionCommand({ JobId: jobId, NextToken: nextToken }),
      );
      if (page.JobStatus !== 'SUCCEEDED' && page.JobStatus !== 'PARTIAL_SUCCESS') {
        throw new UnreadableImageError(
          `Textract job ${jobId} is ${page.JobStatus}: ${page.StatusMessage ?? ''}`,
        );
      }
      blocks.push(...(page.Blocks ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return parseTextractBlocks(blocks, { rightToLeft: this.rightToLeft });
  }
}

export type OcrEngineName = 'tesseract' | 'textract';

/** Textract cannot read Persian, so Persian goes to Tesseract; Arabic and English to Textract. */
export const DEFAULT_ENGINES: Record<DocumentLanguage, OcrEngineName> = {
  fa: 'tesseract',
  ar: 'textract',
  en: 'textract',
};

/**
 * Which engine reads a document, from configuration such as "fa=tesseract,en=textract"
 * (the OCR_ENGINES setting); languages it does not name keep their default.
 */
export function engineFor(language: DocumentLanguage, configuration = ''): OcrEngineName {
  for (const pair of configuration.split(',')) {
    const [lang, engine] = pair.split('=').map((part) => part.trim());
    if (lang === language && (engine === 'tesseract' || engine === 'textract')) return engine;
  }
  return DEFAULT_ENGINES[language];
}
