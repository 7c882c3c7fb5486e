import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { createCanvas, GlobalFonts } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { S3ScanStore } from '../../shared/adapters/s3-scan-store.ts';
import type { TaskTokens } from '../../shared/adapters/ticket-workflow.ts';
import { bundledClassifier } from '../../shared/classifier/bundled-model.ts';
import { ReferenceCatalog } from '../../shared/domain/reference.ts';
import { characterErrorRate } from '../../shared/ocr/cer.ts';
import { TesseractEngine } from '../../shared/ocr/tesseract-engine.ts';
import { loadSeedReferenceData } from '../../shared/reference/seed.ts';
import { createIdentityHasher } from '../../shared/security/identity-hash.ts';
import { completeTranscription, type DigitizeDeps, digitizeStep } from '../../shared/services/digitize.ts';
import { readLetterMessage } from '../../shared/services/read-letter.ts';
import { classifyStep } from '../../shared/services/workflow/classify.ts';
import { referStep } from '../../shared/services/workflow/refer.ts';
import type { WorkflowStepDeps } from '../../shared/services/workflow/step.ts';
import { DynamoDbTicketStore } from '../../shared/store/dynamodb/dynamodb-ticket-store.ts';
import { freshTable } from '../support/dynamodb.ts';
import { webTicket } from '../support/fixtures.ts';
import { localS3, SCANS_BUCKET } from '../support/s3.ts';

const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'ocr');
const truth = JSON.parse(readFileSync(join(FIXTURES, 'ground-truth.json'), 'utf8')) as Record<
  string,
  { text: string }
>;

/** The workflow's side of task tokens, as the OCR reader and reviewers complete them. */
const resumed: Array<{ token: string; output: object }> = [];
const failed: Array<{ token: string; error: string }> = [];
const tokens: TaskTokens = {
  resume: async (token, output) => {
    resumed.push({ token, output });
    return true;
  },
  fail: async (token, error) => {
    failed.push({ token, error });
    return true;
  },
};
const engine = new TesseractEngine();
/** Who signed each fixture letter (scripts/render-letters.ts). */
const WRITERS = { letter2: { firstName: 'زهرا', lastName: 'کرمی' } };
const bucket = SCANS_BUCKET;
let s3: Awaited<ReturnType<typeof localS3>>;
let s3Client: S3Client;
let deps: DigitizeDeps;
let steps: WorkflowStepDeps;

beforeAll(async () => {
  s3 = await localS3();
  s3Client = s3.client;
  const { doc, tableName } = await freshTable();
  const tickets = new DynamoDbTicketStore({
    client: doc,
    tableName,
    identityHasher: createIdentityHasher('y'.repeat(40)),
  });
  const reference = loadSeedReferenceData();
  const scans = new S3ScanStore({ client: s3Client, bucket });
  deps = {
    tickets,
    scans,
    engineFor: () => engine,
    now: () => new Date('2026-11-29T08:00:00Z'),
    minConfidence: 0.6,
  };
  steps = {
    tickets,
    catalog: async () => new ReferenceCatalog(reference),
    classifier: bundledClassifier(reference.categories),
    workflow: tokens,
    now: deps.now,
    confidenceThreshold: 0.5,
  };
});

afterAll(async () => {
  await engine.close();
  await s3.stop();
});

/** A paper ticket whose scans are in storage (a page without bytes was never uploaded). */
async function letter(pages: Array<{ key: string; bytes?: Uint8Array; contentType: string }>) {
  for (const page of pages) {
    if (page.bytes)
      await s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: page.key, Body: page.bytes }));
  }
  const { ticket, event } = webTicket({
    citizen: null,
    channel: 'IN_PERSON',
    intakePoint: { kind: 'CENTER', id: 'center-ilam' },
    paper: true,
    county: 'CHAVAR',
    text: 'نامه کاغذی',
    attachments: pages.map((p, i) => ({ key: p.key, contentType: p.contentType, page: i + 1 })),
  });
  await deps.tickets.createTicket(ticket, event);
  return ticket;
}

/** Digitizes a letter that no asynchronous job reads. */
async function readNow(ticketId: string) {
  const result = await digitizeStep(deps, ticketId);
  if (result.decision === 'PENDING') throw new Error('no job was expected');
  return result;
}

describe('digitizing a paper letter', () => {
  it('reads a printed letter, finds the mobile number, and goes on to classification and referral', async () => {
    const file = 'letter2-vazirmatn-40-clean.png';
    const ticket = await letter([
      { key: `scans/b1/${file}`, bytes: readFileSync(join(FIXTURES, file)), contentType: 'image/png' },
    ]);
    const result = await readNow(ticket.ticketId);
    expect(result).toMatchObject({ decision: 'CLASSIFY', reasons: [] });
    const digitized = await deps.tickets.getTicket(ticket.ticketId);
    expect(digitized?.status).toBe('DIGITIZED');
    expect(digitized?.citizen.mobile).toBe('09167778899');
    // The signature names the writer, so the reply can address them.
    expect(digitized?.citizen).toMatchObject(WRITERS.letter2);
    expect(characterErrorRate(truth[file]?.text as string, digitized?.text as string)).toBeLessThan(0.05);

    // Repeating the step (a retry) reads nothing again.
    expect((await readNow(ticket.ticketId)).decision).toBe('CLASSIFY');
    const classified = await classifyStep(steps, ticket.ticketId);
    expect(classified).toMatchObject({ decision: 'REFER', category: 'ROADS_TRANSPORT' });
    const plan = await referStep(steps, { ticketId: ticket.ticketId, classification: classified });
    expect((await deps.tickets.getReferral(plan.referralId))?.agencyId).toBe('road-maintenance-transport');
  }, 60_000);

  it('sends a page with no readable text to transcription review, and a reviewer takes it on', async () => {
    const blank = createCanvas(827, 1169);
    const ctx = blank.getContext('2d');
    ctx.fillStyle = 'white';
    ctx.fillRect(0, 0, 827, 1169);
    const ticket = await letter([
      { key: 'scans/b1/blank.png', bytes: blank.toBuffer('image/png'), contentType: 'image/png' },
    ]);
    const result = await readNow(ticket.ticketId);
    expect(result.decision).toBe('TRANSCRIBE');
    expect(result.reasons).toContain('no readable text');
    expect((await deps.tickets.getTicket(ticket.ticketId))?.status).toBe('TRANSCRIPTION_REVIEW');

    await deps.tickets.putWait({
      ticketId: ticket.ticketId,
      kind: 'TRANSCRIPTION',
      referralId: null,
      taskToken: 'typing',
      since: new Date().toISOString(),
    });
    const typed = await completeTranscription(
      { tickets: deps.tickets, workflow: tokens, now: deps.now },
      'reviewer1',
      ticket.ticketId,
      {
        text: 'روشنایی معابر روستا خاموش است',
        citizen: { firstName: 'کریم', lastName: 'نظری', mobile: '09183334455' },
      },
    );
    expect(typed).toMatchObject({ status: 'DIGITIZED', citizen: { mobile: '09183334455' } });
    expect(resumed.find((r) => r.token === 'typing')?.output).toEqual({ decision: 'CLASSIFY' });
  }, 60_000);

  it('sends handwriting it cannot read to transcription review, even with a printed mobile on the page', async () => {
    GlobalFonts.registerFromPath(
      join(REPO_ROOT, 'node_modules', 'vazirmatn', 'fonts', 'ttf', 'Vazirmatn-Regular.ttf'),
      'Vazirmatn',
    );
    const page = createCanvas(1654, 2339);
    const pen = page.getContext('2d');
    pen.fillStyle = 'white';
    pen.fillRect(0, 0, 1654, 2339);
    pen.strokeStyle = '#123';
    pen.lineWidth = 4;
    // Fourteen lines of joined-up strokes, right to left, as a hand writes Persian.
    let seed = 7;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let row = 0; row < 14; row++) {
      const y = 300 + row * 110;
      let x = 1500;
      pen.beginPath();
      pen.moveTo(x, y);
      while (x > 200) {
        const next = x - 20 - random() * 40;
        pen.bezierCurveTo(
          x - 10,
          y - 60 * random(),
          next + 10,
          y + 40 * random(),
          next,
          y + (random() - 0.5) * 20,
        );
        x = next;
      }
      pen.stroke();
    }
    pen.font = '40px Vazirmatn';
    pen.fillStyle = 'black';
    pen.textAlign = 'right';
    pen.fillText('شماره همراه: ۰۹۱۶۷۷۷۸۸۹۹', 1500, 2000);
    const ticket = await letter([
      { key: 'scans/b7/hand.png', bytes: page.toBuffer('image/png'), contentType: 'image/png' },
    ]);
    const result = await readNow(ticket.ticketId);
    expect(result.decision).toBe('TRANSCRIBE');
    expect(result.reasons.join()).toMatch(/OCR confidence 0\.[0-5]/);
    expect((await deps.tickets.getTicket(ticket.ticketId))?.status).toBe('TRANSCRIPTION_REVIEW');
  }, 60_000);

  it('never takes a misread mobile number: pages whose number the first reading got wrong go to a person', async () => {
    // On these pages Tesseract's first reading is a valid-looking wrong mobile (۲ read as ۳ and back).
    const misread = {
      'letter1-vazirmatn-light-44-clean.png': '09181234567',
      'letter3-vazirmatn-40-noise.png': '09351112233',
      'letter3-vazirmatn-40-blur.png': '09351112233',
    };
    for (const [file, mobile] of Object.entries(misread)) {
      const ticket = await letter([
        { key: `scans/b4/${file}`, bytes: readFileSync(join(FIXTURES, file)), contentType: 'image/png' },
      ]);
      const result = await readNow(ticket.ticketId);
      const digitized = await deps.tickets.getTicket(ticket.ticketId);
      if (result.decision === 'CLASSIFY') {
        expect(digitized?.citizen.mobile, file).toBe(mobile);
      } else {
        expect(digitized?.status, file).toBe('TRANSCRIPTION_REVIEW');
        expect(digitized?.citizen.mobile ?? null, file).toBeNull();
        expect(result.reasons.join(), file).toMatch(/mobile number/);
      }
    }
  }, 120_000);

  it('reads a scanned PDF page by page', async () => {
    const pdf = await PDFDocument.create();
    for (const file of ['letter2-vazirmatn-40-clean.png', 'letter3-vazirmatn-40-clean.png']) {
      const image = await pdf.embedPng(readFileSync(join(FIXTURES, file)));
      pdf.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    }
    const ticket = await letter([
      { key: 'scans/b2/letter.pdf', bytes: await pdf.save(), contentType: 'application/pdf' },
    ]);
    const result = await readNow(ticket.ticketId);
    expect(result).toMatchObject({ decision: 'CLASSIFY', reasons: [] });
    const text = (await deps.tickets.getTicket(ticket.ticketId))?.text ?? '';
    const both = `${truth['letter2-vazirmatn-40-clean.png']?.text}\n\n${truth['letter3-vazirmatn-40-clean.png']?.text}`;
    expect(characterErrorRate(both, text)).toBeLessThan(0.05);
  }, 90_000);

  it('sends files it cannot read to transcription review, saying which page and why', async () => {
    const damaged = readFileSync(join(FIXTURES, 'letter2-vazirmatn-40-clean.png')).subarray(0, 300);
    const long = await PDFDocument.create();
    for (let i = 0; i < 31; i++) long.addPage([595, 842]);
    const ticket = await letter([
      {
        key: 'scans/b3/p1.png',
        bytes: new TextEncoder().encode('<html>not a scan</html>'),
        contentType: 'image/png',
      },
      { key: 'scans/b3/p2.png', bytes: damaged, contentType: 'image/png' },
      { key: 'scans/b3/p3.pdf', bytes: await long.save(), contentType: 'application/pdf' },
      {
        key: 'scans/b3/p4.pdf',
        bytes: new TextEncoder().encode('%PDF-1.7 broken'),
        contentType: 'application/pdf',
      },
    ]);
    const result = await readNow(ticket.ticketId);
    expect(result.decision).toBe('TRANSCRIBE');
    expect(result.reasons).toEqual(
      expect.arrayContaining([
        'page 1 unreadable: not a PNG, JPEG, TIFF or PDF file',
        expect.stringMatching(/^page 2 unreadable: the image could not be decoded/),
        'page 3 unreadable: the PDF has 31 pages; a letter has at most 30',
        expect.stringMatching(/^page 4 unreadable: the PDF could not be opened/),
        'no readable text',
      ]),
    );
    expect((await deps.tickets.getTicket(ticket.ticketId))?.status).toBe('TRANSCRIPTION_REVIEW');
  }, 60_000);

  it('as a queue message: retried while attempts remain, then the workflow is told OcrFailed', async () => {
    // Its scan never reached storage: reading it fails the way a storage outage would.
    const ticket = await letter([{ key: 'scans/b5/missing.png', contentType: 'image/png' }]);
    const reader = { ...deps, workflow: tokens, maxReceives: 3 };
    const message = { ticketId: ticket.ticketId, taskToken: 'read-me' };
    await expect(readLetterMessage(reader, message, 1)).rejects.toThrow();
    expect(failed).toEqual([]);
    expect(await readLetterMessage(reader, message, 3)).toMatchObject({ outcome: 'FAILED' });
    expect(failed).toEqual([{ token: 'read-me', error: 'OcrFailed' }]);
    expect((await deps.tickets.getWait(ticket.ticketId))?.kind).toBe('OCR');

    // A Textract notice for a letter no longer waiting for OCR changes nothing.
    await deps.tickets.putWait({
      ticketId: ticket.ticketId,
      kind: 'TRANSCRIPTION',
      referralId: null,
      taskToken: 't',
      since: new Date().toISOString(),
    });
    const notice = {
      Type: 'Notification',
      Message: JSON.stringify({
        JobId: 'j1',
        Status: 'SUCCEEDED',
        API: 'StartDocumentTextDetection',
        JobTag: ticket.ticketId,
      }),
    };
    expect(await readLetterMessage(reader, notice, 1)).toEqual({
      outcome: 'STALE',
      ticketId: ticket.ticketId,
    });
  });

  it('as a queue message: reads the letter and resumes its workflow with the decision', async () => {
    const file = 'letter2-vazirmatn-bold-36-clean.png';
    const ticket = await letter([
      { key: `scans/b6/${file}`, bytes: readFileSync(join(FIXTURES, file)), contentType: 'image/png' },
    ]);
    const reader = { ...deps, workflow: tokens, maxReceives: 3 };
    const outcome = await readLetterMessage(
      reader,
      { ticketId: ticket.ticketId, taskToken: 'read-me-too' },
      1,
    );
    expect(outcome).toMatchObject({ outcome: 'READ', decision: 'CLASSIFY' });
    expect(resumed.find((r) => r.token === 'read-me-too')?.output).toMatchObject({ decision: 'CLASSIFY' });
  }, 60_000);
});
