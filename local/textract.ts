import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Block } from '@aws-sdk/client-textract';
import type { DigitizedDocument, OcrEngine } from '../shared/ocr/document.ts';
import { AwsServiceError, createAwsJsonServer } from './aws-json-server.ts';

/**
 * A Textract-shaped service for the local cloud: the same API calls (DetectDocumentText,
 * GetDocumentTextDetection) answered with Textract's Block graph, read by the Tesseract engine,
 * so the Textract engine's code path runs here too. Results of asynchronous jobs are kept in
 * memory and paged with NextToken, a few lines per page, as Textract pages long results.
 */
export class LocalTextract {
  private readonly engine: OcrEngine;
  private readonly jobs = new Map<string, Block[]>();
  private readonly pageSize: number;

  constructor(engine: OcrEngine, options: { pageSize?: number } = {}) {
    this.engine = engine;
    this.pageSize = options.pageSize ?? 1000;
  }

  /** Runs a job over already-fetched bytes (the local pipeline fetches the S3 object itself). */
  async startJob(bytes: Uint8Array): Promise<string> {
    const id = randomUUID();
    this.jobs.set(
      id,
      toBlocks(await this.engine.recognize({ bytes, contentType: 'application/octet-stream' })),
    );
    return id;
  }

  server(): Server {
    return createAwsJsonServer('Textract', 'application/x-amz-json-1.1', {
      DetectDocumentText: async (body) => {
        const document = body.Document as { Bytes?: string } | undefined;
        if (!document?.Bytes)
          throw new AwsServiceError('InvalidParameterException', 'Document.Bytes is required locally');
        try {
          const result = await this.engine.recognize({
            bytes: Buffer.from(document.Bytes, 'base64'),
            contentType: 'image',
          });
          return {
            DocumentMetadata: { Pages: result.pages.length },
            Blocks: toBlocks(result),
            DetectDocumentTextModelVersion: 'local',
          };
        } catch (error) {
          throw new AwsServiceError(
            'UnsupportedDocumentException',
            error instanceof Error ? error.message : String(error),
          );
        }
      },
      GetDocumentTextDetection: (body) => {
        const blocks = this.jobs.get(String(body.JobId));
        if (!blocks) throw new AwsServiceError('InvalidJobIdException', 'unknown job');
        const start = Number(body.NextToken ?? 0);
        const end = start + Number(body.MaxResults ?? this.pageSize);
        return {
          JobStatus: 'SUCCEEDED',
          DocumentMetadata: { Pages: Math.max(1, ...blocks.map((b) => b.Page ?? 1)) },
          Blocks: blocks.slice(start, end),
          ...(end < blocks.length ? { NextToken: String(end) } : {}),
        };
      },
    });
  }
}

/** The digitized document as Textract would have described it: PAGE, LINE and WORD blocks. */
export function toBlocks(document: DigitizedDocument): Block[] {
  const blocks: Block[] = [];
  for (const page of document.pages) {
    const pageId = randomUUID();
    const lineIds: string[] = [];
    const lineBlocks: Block[] = [];
    for (const line of page.lines) {
      const lineId = randomUUID();
      lineIds.push(lineId);
      const geometry = {
        BoundingBox: {
          Left: line.box.left,
          Top: line.box.top,
          Width: line.box.width,
          Height: line.box.height,
        },
      };
      const words = line.text.split(/\s+/).filter(Boolean);
      const wordBlocks: Block[] = words.map((word) => ({
        BlockType: 'WORD',
        Id: randomUUID(),
        Text: word,
        TextType: 'PRINTED',
        Confidence: line.confidence * 100,
        Page: page.page,
        Geometry: geometry,
      }));
      lineBlocks.push(
        {
          BlockType: 'LINE',
          Id: lineId,
          Text: line.text,
          Confidence: line.confidence * 100,
          Page: page.page,
          Geometry: geometry,
          Relationships: [{ Type: 'CHILD', Ids: wordBlocks.map((w) => w.Id as string) }],
        },
        ...wordBlocks,
      );
    }
    blocks.push(
      {
        BlockType: 'PAGE',
        Id: pageId,
        Page: page.page,
        Geometry: { BoundingBox: { Left: 0, Top: 0, Width: 1, Height: 1 } },
        Relationships: [{ Type: 'CHILD', Ids: lineIds }],
      },
      ...lineBlocks,
    );
  }
  return blocks;
}
