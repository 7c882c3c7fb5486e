import { createHash } from 'node:crypto';
import {
  type Block,
  DetectDocumentTextCommand,
  GetDocumentTextDetectionCommand,
  StartDocumentTextDetectionCommand,
  type TextractClient,
} from '@aws-sdk/client-textract';
import { LETTER_MAX_PAGES } from '../domain/letter-batch.ts';
import type { DocumentLanguage } from '../domain/ticket.ts';
import {
  type DigitizedDocument,
  type DocumentJobs,
  type OcrEngine,
  UnreadableImageError,
} from './document.ts';

/** Where asynchronous jobs read scans from and announce that they are done. */
export interface TextractJobSettings {
  bucket: string;
  topicArn: string;
  /** The role Textract assumes to publish to the topic. */
  roleArn: string;
}

import { imageFormat } from './image-size.ts';
import { parseTextractBlocks } from './textract-parser.ts';

/**
 * Amazon Textract, for Latin-script and Arabic documents and forms (Textract does not read
 * Persian). Single images go through DetectDocumentText; a PDF is read by an asynchronous job
 * (StartDocumentTextDetection on the stored scan, notified through SNS) and its result collected
 * page by page (GetDocumentTextDetection with NextToken) once Textract reports the job done.
 */
export class TextractEngine implements OcrEngine, DocumentJobs {
  private readonly client: TextractClient;
  private readonly rightToLeft: boolean;
  private readonly jobs: TextractJobSettings | undefined;
  private readonly maxPages: number;

  constructor(
    client: TextractClient,
    options: { rightToLeft?: boolean; jobs?: TextractJobSettings; maxPages?: number } = {},
  ) {
    this.client = client;
    this.rightToLeft = options.rightToLeft ?? false;
    this.jobs = options.jobs;
    this.maxPages = options.maxPages ?? LETTER_MAX_PAGES;
  }

  needsJob(contentType: string): boolean {
    return contentType === 'application/pdf';
  }

  async startJob(document: { key: string; jobTag: string }): Promise<string> {
    if (!this.jobs) throw new Error('Textract jobs need a bucket, an SNS topic and a role');
    const { JobId } = await this.client.send(
      new StartDocumentTextDetectionCommand({
        DocumentLocation: { S3Object: { Bucket: this.jobs.bucket, Name: document.key } },
        NotificationChannel: { SNSTopicArn: this.jobs.topicArn, RoleArn: this.jobs.roleArn },
        JobTag: document.jobTag,
        // The same scan asked twice (a redelivered message) gets the same job, not a second one.
        ClientRequestToken: createHash('sha256').update(document.key).digest('hex').slice(0, 64),
      }),
    );
    if (!JobId) throw new Error('Textract started no job');
    return JobId;
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

  /** The whole result of a finished asynchronous job, all its pages; null while it runs. */
  async collect(jobId: string): Promise<DigitizedDocument | null> {
    const blocks: Block[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new GetDocumentTextDetectionCommand({ JobId: jobId, NextToken: nextToken }),
      );
      if (page.JobStatus === 'IN_PROGRESS') return null;
      const pages = page.DocumentMetadata?.Pages ?? 0;
      if (pages > this.maxPages) {
        throw new UnreadableImageError(`the PDF has ${pages} pages; a letter has at most ${this.maxPages}`);
      }
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
