import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextractClient, UnsupportedDocumentException } from '@aws-sdk/client-textract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { close, listen } from '../../local/aws-json-server.ts';
import { freePort } from '../../local/free-port.ts';
import { LocalTextract } from '../../local/textract.ts';
import { characterErrorRate } from '../../shared/ocr/cer.ts';
import { TesseractEngine } from '../../shared/ocr/tesseract-engine.ts';
import { engineFor, TextractEngine } from '../../shared/ocr/textract-engine.ts';

const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'ocr');
const truth = JSON.parse(readFileSync(join(FIXTURES, 'ground-truth.json'), 'utf8')) as Record<
  string,
  { text: string }
>;
const tesseract = new TesseractEngine();
const local = new LocalTextract(tesseract, { pageSize: 7 });
let client: TextractClient;
let server: ReturnType<LocalTextract['server']>;

beforeAll(async () => {
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

  it('collects an asynchronous job page by page through NextToken', async () => {
    const file = 'letter2-vazirmatn-bold-36-clean.png';
    const bytes = readFileSync(join(FIXTURES, file));
    const jobId = await local.startJob(bytes);
    const document = await new TextractEngine(client).collect(jobId);
    const direct = await tesseract.recognize({ bytes, contentType: 'image/png' });
    expect(document.text).toBe(direct.text);
  }, 60_000);

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
