import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { Block } from '@aws-sdk/client-textract';
import type { DigitizedDocument, OcrEngine } from '../shared/ocr/document.ts';
import { AwsServiceError, createAwsJsonServer } from './aws-json-server.ts';

/** Reads a stored scan for a job (the local S3, through the SDK). */
export type ReadObject = (bucket: string, key: string) => Promise<Uint8Array>;
/** Delivers a notification to an SNS topic's subscribers (the local cloud's queues). */
export type Publish = (topicArn: string, message: string) => Promise<void>;

interface Job {
  status: 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';
  blocks: Block[];
  statusMessage?: string;
  done: Promise<void>;
}

/**
 * A Textract-shaped service for the local cloud: the same API calls (DetectDocumentText,
 * StartDocumentTextDetection, GetDocumentTextDetection) answered with Textract's Block graph,
 * read by the Tesseract engine, so the Textract engine's code path runs here too. A job reads
 * its scan from the local S3, runs in the background, and notifies its SNS topic as Textract
 * does; results are kept in memory and paged with NextToken, as Textract pages long results.
 */
export class LocalTextract {
  private readonly engine: OcrEngine;
  private readonly jobs = new Map<string, Job>();
  private readonly jobsByRequest = new Map<string, string>();
  private readonly pageSize: number;
  private readonly readObject: ReadObject | undefined;
  private readonly publish: Publish | undefined;

  constructor(
    engine: OcrEngine,
    options: { pageSize?: number; readObject?: ReadObject; publish?: Publish } = {},
  ) {
    this.engine = engine;
    this.pageSize = options.pageSize ?? 1000;
    this.readObject = options.readObject;
    this.publish = options.publish;
  }

  /** Resolves when the job has finished and its notification was sent (for tests). */
  async settled(jobId: string): Promise<void> {
    await this.jobs.get(jobId)?.done;
  }

  private startJob(body: Record<string, unknown>): { JobId: string } {
    const location = (body.DocumentLocation as { S3Object?: { Bucket?: string; Name?: string } } | undefined)
      ?.S3Object;
    if (!location?.Bucket || !location.Name)
      throw new AwsServiceError('InvalidParameterException', 'DocumentLocation.S3Object is required');
    const token = body.ClientRequestToken ? String(body.ClientRequestToken) : undefined;
    const again = token ? this.jobsByRequest.get(token) : undefined;
    if (again) return { JobId: again };
    const readObject = this.readObject;
    if (!readObject) throw new AwsServiceError('InvalidS3ObjectException', 'this local Textract has no S3');
    const jobId = randomUUID();
    if (token) this.jobsByRequest.set(token, jobId);
    const channel = body.NotificationChannel as { SNSTopicArn?: string } | undefined;
    const job: Job = { status: 'IN_PROGRESS', blocks: [], done: Promise.resolve() };
    job.done = (async () => {
      try {
        const bytes = await readObject(location.Bucket as string, location.Name as string);
        job.blocks = toBlocks(await this.engine.recognize({ bytes, contentType: 'application/pdf' }));
        job.status = 'SUCCEEDED';
      } catch (error) {
        job.status = 'FAILED';
        job.statusMessage = error instanceof Error ? error.message : String(error);
      }
      if (channel?.SNSTopicArn && this.publish) {
        await this.publish(
          channel.SNSTopicArn,
          JSON.stringify({
            JobId: jobId,
            Status: job.status,
            API: 'StartDocumentTextDetection',
            JobTag: body.JobTag,
            Timestamp: Date.now(),
            DocumentLocation: { S3ObjectName: location.Name, S3Bucket: location.Bucket },
          }),
        ).catch(() => undefined);
      }
    })();
    this.jobs.set(jobId, job);
    return { JobId: jobId };
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
      StartDocumentTextDetection: (body) => this.startJob(body),
      GetDocumentTextDetection: (body) => {
        const job = this.jobs.get(String(body.JobId));
        if (!job) throw new AwsServiceError('InvalidJobIdException', 'unknown job');
        if (job.status !== 'SUCCEEDED') {
          return {
            JobStatus: job.status,
            ...(job.statusMessage ? { StatusMessage: job.statusMessage } : {}),
          };
        }
        const start = Number(body.NextToken ?? 0);
        const end = start + Number(body.MaxResults ?? this.pageSize);
        return {
          JobStatus: 'SUCCEEDED',
          DocumentMetadata: { Pages: Math.max(1, ...job.blocks.map((b) => b.Page ?? 1)) },
          Blocks: job.blocks.slice(start, end),
          ...(end < job.blocks.length ? { NextToken: String(end) } : {}),
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
