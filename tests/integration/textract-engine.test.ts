import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { TextractClient, UnsupportedDocumentException } from '@aws-sdk/client-textract';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { close, listen } from '../../local/aws-json-server.ts';
import { freePort } from '../../local/free-port.ts';
import { LocalTextract } from '../../local/textract.ts';
import { characterErrorRate } from '../../shared/ocr/cer.ts';
import { UnreadableImageError } from '../../shared/ocr/document.ts';
import { TesseractEngine } from '../../shared/ocr/tesseract-engine.ts';
import { engineFor, TextractEngine } from '../../shared/ocr/textract-engine.ts';
import { localS3, SCANS_BUCKET } from '../support/s3.ts';

const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'ocr');
const truth = JSON.parse(readFileSync(join(FIXTURES, 'ground-truth.json'), 'utf8')) as Record<
  string,
  { text: string }
>;
const tesseract = new TesseractEngine();
const bucket = SCANS_BUCKET;
const topicArn = 'arn:aws:sns:us-east-1:123456789012:textract-done';
const roleArn = 'arn:aws:iam::123456789012:role/textract-publisher';
const notices: Array<{ topicArn: string; message: unknown }> = [];
let s3: Awaited<ReturnType<typeof localS3>>;
let s3Client: S3Client;
let local: LocalTextract;
let client: TextractClient;
let server: ReturnType<LocalTextract['server']>;

beforeAll(async () => {
  s3 = await localS3();
  s3Client = s3.client;
  local = new LocalTextract(tesseract, {
    pageSize: 7,
    readObject: async (from, key) => {
      const object = await s3Client.send(new GetObjectCommand({ Bucket: from, Key: key }));
      return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
    },
    publish: async (topic, message) => {
      notices.push({ topicArn: topic, message: JSON.parse(message) });
    },
  });
  const port = await freePort();
  server = local.server();
  await listen(server, port);
  client = new TextractClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  client.destroy();
  await s3.stop();
  await close(server);
  await tesseract.close();
});

describe('the Textract engine against the local Textract-shaped service', () => {
  it('reads a page through DetectDocumentText and parses the Block graph', async () => {
    const file = 'letter3-vazirmatn-40-jpeg.jpg';
    const document = await new TextractEngine(client).recognize({
      bytes: readFileSync(join(FIXTURES, file)),
      contentType: 'image/jpeg',
    });
    expect(document.engine).toBe('textract');
    expect(characterErrorRate(truth[file]?.text as string, document.text)).toBeLessThan(0.05);
  }, 60_000);

  it('reads a PDF by an asynchronous job: started on the stored scan, notified through SNS, collected page by page', async () => {
    const pdf = await PDFDocument.create();
    for (const file of ['letter2-vazirmatn-bold-36-clean.png', 'letter3-vazirmatn-40-clean.png']) {
      const image = await pdf.embedPng(readFileSync(join(FIXTURES, file)));
      pdf.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    }
    const key = 'batches/b1/letter-001/page-01.pdf';
    await s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await pdf.save() }));
    const engine = new TextractEngine(client, { rightToLeft: true, jobs: { bucket, topicArn, roleArn } });
    expect(engine.needsJob('application/pdf')).toBe(true);
    expect(engine.needsJob('image/png')).toBe(false);

    const jobId = await engine.startJob({ key, jobTag: '01JTICKET0000000000000000A' });
    // The same scan asked again (a redelivered message) is the same job.
    expect(await engine.startJob({ key, jobTag: '01JTICKET0000000000000000A' })).toBe(jobId);
    expect(await engine.collect(jobId)).toBeNull();
    await local.settled(jobId);
    expect(notices).toEqual([
      {
        topicArn,
        message: expect.objectContaining({
          JobId: jobId,
          Status: 'SUCCEEDED',
          API: 'StartDocumentTextDetection',
          JobTag: '01JTICKET0000000000000000A',
        }),
      },
    ]);
    const document = await engine.collect(jobId);
    expect(document?.engine).toBe('textract');
    expect(document?.pages.map((p) => p.page)).toEqual([1, 2]);
    const both = `${truth['letter2-vazirmatn-bold-36-clean.png']?.text}\n\n${truth['letter3-vazirmatn-40-clean.png']?.text}`;
    expect(characterErrorRate(both, document?.text ?? '')).toBeLessThan(0.05);
  }, 90_000);

  it('fails a job on a file it cannot read, and says why when collected', async () => {
    const key = 'batches/b1/letter-002/page-01.pdf';
    await s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'not a pdf at all' }));
    const engine = new TextractEngine(client, { jobs: { bucket, topicArn, roleArn } });
    const jobId = await engine.startJob({ key, jobTag: '01JTICKET0000000000000000B' });
    await local.settled(jobId);
    await expect(engine.collect(jobId)).rejects.toBeInstanceOf(UnreadableImageError);
    expect(notices.at(-1)?.message).toMatchObject({ JobId: jobId, Status: 'FAILED' });
  });

  it('passes Textract errors on', async () => {
    await expect(
      client.send(
        new (await import('@aws-sdk/client-textract')).DetectDocumentTextCommand({
          Document: { Bytes: Buffer.from('nope') },
        }),
      ),
    ).rejects.toBeInstanceOf(UnsupportedDocumentException);
  });

  it('sends Persian to Tesseract and other scripts to Textract', () => {
    expect(engineFor('fa')).toBe('tesseract');
    expect(engineFor('ar')).toBe('textract');
    expect(engineFor('en')).toBe('textract');
  });

  it('lets configuration pick the engine per language, ignoring what it cannot use', () => {
    expect(engineFor('ar', 'ar=tesseract, en=textract')).toBe('tesseract');
    expect(engineFor('en', 'ar=tesseract, en=textract')).toBe('textract');
    expect(engineFor('fa', 'fa=textract')).toBe('textract');
    expect(engineFor('fa', 'fa=abbyy,en=tesseract')).toBe('tesseract');
  });
});
