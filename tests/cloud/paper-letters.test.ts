import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeExecutionCommand } from '@aws-sdk/client-sfn';
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { call, eventually } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';
import { openBatch } from '../support/letter-batches.ts';

const { dataDir, services, credentials, statusOf: waitForStatus } = cloudContext();
const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'ocr');

afterAll(() => services.close());

async function tokenOf(role: string): Promise<string> {
  const staff = credentials.staff.find((s) => s.roles.includes(role));
  const login = await call('POST', '/api/v1/local/login', {
    body: { username: staff?.username, password: staff?.password },
  });
  expect(login.status).toBe(200);
  return login.body.token as string;
}

const statusOf = (ticketId: string, status: string) => waitForStatus(ticketId, status, 60_000);

function blankPage(): Buffer {
  const canvas = createCanvas(827, 1169);
  const context = canvas.getContext('2d');
  context.fillStyle = 'white';
  context.fillRect(0, 0, 827, 1169);
  return canvas.toBuffer('image/png');
}

/** A batch opened at the center's counter: the batch every correction below starts from. */
async function counterBatch(operator: Record<string, string>): Promise<string> {
  const created = await openBatch(operator, {
    county: 'ILAM',
    intakePoint: { kind: 'CENTER', id: 'center-counter' },
  });
  expect(created.status).toBe(201);
  return String(created.body.batch.batchId);
}

describe('correcting a batch before it is submitted', () => {
  it('re-declares a page scanned as another type, takes a letter out, and registers the rest', async () => {
    const operator = { authorization: `Bearer ${await tokenOf('operator')}` };
    const jpeg = readFileSync(join(FIXTURES, 'letter2-vazirmatn-40-jpeg.jpg'));
    const batchId = await counterBatch(operator);
    // Letter 1 is declared a PNG, but the scanner wrote a JPEG; letter 2 was not a letter at all.
    const added = await call('POST', `/api/v1/staff/batches/${batchId}/letters`, {
      headers: operator,
      body: {
        letters: [
          { pages: [{ contentType: 'image/png', size: jpeg.length }] },
          { pages: [{ contentType: 'image/png', size: 1000 }] },
        ],
      },
    });
    expect(added.status).toBe(201);
    const first = added.body.letters[0].pages[0].upload;
    expect(
      (await fetch(first.url, { method: first.method, headers: first.headers, body: jpeg })).status,
    ).toBe(200);
    const refused = await call('POST', `/api/v1/staff/batches/${batchId}/submission`, { headers: operator });
    expect(refused.status).toBe(400);
    expect(
      refused.body.error.problems.map((p: { letterNo: number; code: string }) => [p.letterNo, p.code]),
    ).toEqual([
      [1, 'scan_content_mismatch'],
      [2, 'scan_not_uploaded'],
    ]);

    const redeclared = await call('POST', `/api/v1/staff/batches/${batchId}/letters/1/uploads`, {
      headers: operator,
      body: { pages: [{ contentType: 'image/jpeg', size: jpeg.length }] },
    });
    expect(redeclared.status).toBe(200);
    const again = redeclared.body.pages[0];
    expect(again.contentType).toBe('image/jpeg');
    expect(again.upload.url).toMatch(/letter-001\/page-01\.jpg/);
    expect(
      (
        await fetch(again.upload.url, {
          method: again.upload.method,
          headers: again.upload.headers,
          body: jpeg,
        })
      ).status,
    ).toBe(200);
    const removed = await call('DELETE', `/api/v1/staff/batches/${batchId}/letters/2`, { headers: operator });
    expect(removed.status).toBe(200);
    expect(removed.body.removed.by).toBeTruthy();
    const submitted = await call('POST', `/api/v1/staff/batches/${batchId}/submission`, {
      headers: operator,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    expect(submitted.body.batch.status).toBe('REGISTERED');
    expect(submitted.body.progress.letters).toBe(1);
    const [kept, dropped] = submitted.body.letters;
    expect(kept).toMatchObject({ letterNo: 1, removed: false });
    expect(kept.ticketId).toBeTruthy();
    expect(dropped).toMatchObject({ letterNo: 2, removed: true, ticketId: null });
    // Submitted, the batch no longer changes.
    const late = await call('DELETE', `/api/v1/staff/batches/${batchId}/letters/1`, { headers: operator });
    expect(late.status).toBe(409);
  });

  it('cancels a batch with a reason; nothing is added to it or registered from it after', async () => {
    const operator = { authorization: `Bearer ${await tokenOf('operator')}` };
    const batchId = await counterBatch(operator);
    const path = `/api/v1/staff/batches/${batchId}`;
    expect((await call('POST', `${path}/cancellation`, { headers: operator, body: {} })).status).toBe(400);
    const cancelled = await call('POST', `${path}/cancellation`, {
      headers: operator,
      body: { reason: 'نامه‌های شهرستان دیگری در این دسته اسکن شد' },
    });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.batch).toMatchObject({ status: 'CANCELLED' });
    const adding = await call('POST', `${path}/letters`, {
      headers: operator,
      body: { letters: [{ pages: [{ contentType: 'image/png', size: 10 }] }] },
    });
    expect(adding.status).toBe(409);
    expect(adding.body.error.message.fa).toContain('لغو');
    const listed = await call('GET', '/api/v1/staff/batches?status=CANCELLED', { headers: operator });
    expect(listed.body.items.map((b: { batchId: string }) => b.batchId)).toContain(batchId);
  });
});

describe('paper letters through the API', () => {
  it('opens a batch for a county named in Persian or by an alias, as every route accepts it', async () => {
    const operator = { authorization: `Bearer ${await tokenOf('operator')}` };
    for (const [county, code] of [
      ['دهلران', 'DEHLORAN'],
      ['شهرستان مهران', 'MEHRAN'],
    ]) {
      const opened = await call('POST', '/api/v1/staff/batches', {
        headers: operator,
        body: { intakePoint: { kind: 'COUNTY_OFFICE', id: 'office-x' }, county, collectedOn: '2026-11-28' },
      });
      expect(opened.status, JSON.stringify(opened.body)).toBe(201);
      expect(opened.body.batch.county).toBe(code);
    }
  });

  it('scanned and uploaded by an operator, end as a referred ticket with the right mobile, or a transcription task', async () => {
    const health = await call('GET', '/health');
    expect(health.body.services).toMatchObject({ s3: true, textract: true, sqs: true, stepfunctions: true });
    const operator = { authorization: `Bearer ${await tokenOf('operator')}` };
    const reviewer = { authorization: `Bearer ${await tokenOf('reviewer')}` };
    const opening = {
      intakePoint: { kind: 'VISIT_SITE', id: 'visit-1405-chavar-site-1', visitId: 'visit-1405' },
      county: 'CHAVAR',
      collectedOn: '2026-11-28',
    };
    expect((await call('POST', '/api/v1/staff/batches', { body: opening })).status).toBe(401);
    expect((await call('POST', '/api/v1/staff/batches', { headers: reviewer, body: opening })).status).toBe(
      403,
    );
    const invalid = await call('POST', '/api/v1/staff/batches', {
      headers: operator,
      body: { ...opening, intakePoint: { kind: 'VISIT_SITE', id: 'visit-site' } },
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message.fa).toMatch(/[\u0600-\u06FF]/);

    const created = await call('POST', '/api/v1/staff/batches', { headers: operator, body: opening });
    expect(created.status).toBe(201);
    const batchId = created.body.batch.batchId as string;

    const printed = readFileSync(join(FIXTURES, 'letter2-vazirmatn-40-clean.png'));
    const blank = blankPage();
    const added = await call('POST', `/api/v1/staff/batches/${batchId}/letters`, {
      headers: operator,
      body: {
        letters: [
          { pages: [{ contentType: 'image/png', size: printed.length }] },
          { pages: [{ contentType: 'image/png', size: blank.length }] },
          { pages: [{ contentType: 'application/zip', size: 10 }] },
        ],
      },
    });
    expect(added.status).toBe(400);
    expect(added.body.error.problems[0].path).toBe('letters[2].pages[0].contentType');
    const accepted = await call('POST', `/api/v1/staff/batches/${batchId}/letters`, {
      headers: operator,
      body: {
        letters: [
          { pages: [{ contentType: 'image/png', size: printed.length }] },
          { pages: [{ contentType: 'image/png', size: blank.length }] },
        ],
      },
    });
    expect(accepted.status).toBe(201);
    const uploads = accepted.body.letters as Array<{
      letterNo: number;
      pages: Array<{ upload: { method: string; url: string; headers: Record<string, string> } }>;
    }>;
    // Nothing about the citizen travels in an upload URL: batch, letter and page only.
    expect(uploads[0]?.pages[0]?.upload.url).toMatch(/batches\/[0-9A-Z]{26}\/letter-001\/page-01\.png/);

    // Submitting before the pages are uploaded names what is missing, and changes nothing.
    const early = await call('POST', `/api/v1/staff/batches/${batchId}/submission`, { headers: operator });
    expect(early.status).toBe(400);
    expect(early.body.error.problems.map((d: { code: string }) => d.code)).toEqual([
      'scan_not_uploaded',
      'scan_not_uploaded',
    ]);

    for (const [letter, bytes] of [
      [uploads[0], printed],
      [uploads[1], blank],
    ] as const) {
      const { url, method, headers } = letter?.pages[0]?.upload ?? { url: '', method: 'PUT', headers: {} };
      const put = await fetch(url, { method, headers, body: bytes });
      expect(put.status).toBe(200);
    }
    const submitted = await call('POST', `/api/v1/staff/batches/${batchId}/submission`, {
      headers: operator,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.batch.status).toBe('REGISTERED');
    const [printedTicket, blankTicket] = submitted.body.letters.map((l: { ticketId: string }) => l.ticketId);

    // The printed letter is read, classified and referred, with the sender's mobile from the page.
    const referred = await statusOf(printedTicket, 'REFERRED');
    expect(referred.citizen.mobile).toBe('09167778899');
    expect(referred.channel).toBe('VISIT_SITE');
    expect(referred.agencyId).toBe('road-maintenance-transport');
    // What OCR read is kept for reviewers, the number found highlighted where it is on the page.
    const reading = await call('GET', `/api/v1/staff/tickets/${printedTicket}/transcription`, {
      headers: reviewer,
    });
    expect(reading.body.reading.fields).toContainEqual(
      expect.objectContaining({ field: 'mobile', value: '09167778899', trusted: true, page: 0 }),
    );
    // Once transcribed or referred, the sender's details on this screen are masked as on the case.
    expect(reading.body.citizen.mobile).toBe('•••••••8899');
    const mobileField = reading.body.reading.fields.find((f: { field: string }) => f.field === 'mobile');
    expect(mobileField.box.width).toBeGreaterThan(0);
    expect(reading.body.reading.pages[0].lines[mobileField.line].text).toContain('09167778899');

    // The blank page waits for a person; the reviewer types it and it goes on to its agency.
    await statusOf(blankTicket, 'TRANSCRIPTION_REVIEW');
    const task = await call('GET', `/api/v1/staff/tickets/${blankTicket}/transcription`, {
      headers: reviewer,
    });
    expect(task.status).toBe(200);
    expect(task.body.reading.reasons).toContain('no readable text');
    const scan = await fetch(task.body.scans[0].url);
    expect(Buffer.from(await scan.arrayBuffer()).equals(blank)).toBe(true);
    expect(
      (await call('GET', `/api/v1/staff/tickets/${blankTicket}/transcription`, { headers: operator })).status,
    ).toBe(403);
    await eventually(async () =>
      (await services.tickets.getWait(blankTicket))?.kind === 'TRANSCRIPTION' ? true : undefined,
    );
    const typed = await call('POST', `/api/v1/staff/tickets/${blankTicket}/transcription`, {
      headers: reviewer,
      body: {
        text: 'آب آشامیدنی روستای ما دو هفته است قطع شده است و مردم در سختی هستند. لطفاً رسیدگی کنید.',
        citizen: { firstName: 'کریم', lastName: 'نظری', mobile: '09183334455' },
      },
    });
    expect(typed.status).toBe(200);
    const afterTyping = await statusOf(blankTicket, 'REFERRED');
    expect(afterTyping.citizen.mobile).toBe('09183334455');

    const progress = await call('GET', `/api/v1/staff/batches/${batchId}`, { headers: operator });
    expect(progress.status).toBe(200);
    expect(progress.body.progress).toEqual({ letters: 2, byStatus: { REFERRED: 2 }, awaitingTicket: 0 });
    const listed = await call('GET', '/api/v1/staff/batches?status=REGISTERED', { headers: operator });
    expect(listed.body.items.map((b: { batchId: string }) => b.batchId)).toContain(batchId);
    // The workflow's execution input names the ticket and that it is paper: nothing personal.
    const stateMachineArn = String(
      JSON.parse(readFileSync(join(dataDir, 'local-cloud.json'), 'utf8')).resources.STATE_MACHINE_ARN,
    );
    const execution = await services.sfn.send(
      new DescribeExecutionCommand({
        executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${printedTicket}`,
      }),
    );
    expect(JSON.parse(execution.input ?? '')).toEqual({ ticketId: printedTicket, paper: true });
  }, 180_000);

  it('in Arabic, scanned as a PDF, are read by a Textract job whose notice resumes the workflow', async () => {
    const operator = { authorization: `Bearer ${await tokenOf('operator')}` };
    const created = await openBatch(operator, {
      county: 'MEHRAN',
      intakePoint: { kind: 'COUNTY_OFFICE', id: 'office-MEHRAN' },
      collectedOn: '2026-11-28',
      language: 'ar',
    });
    expect(created.status).toBe(201);
    const batchId = created.body.batch.batchId as string;
    const pdf = await PDFDocument.create();
    const image = await pdf.embedPng(readFileSync(join(FIXTURES, 'letter3-vazirmatn-40-clean.png')));
    pdf.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    const bytes = await pdf.save();
    const added = await call('POST', `/api/v1/staff/batches/${batchId}/letters`, {
      headers: operator,
      body: { letters: [{ pages: [{ contentType: 'application/pdf', size: bytes.length }] }] },
    });
    const { url, method, headers } = added.body.letters[0].pages[0].upload;
    expect((await fetch(url, { method, headers, body: bytes })).status).toBe(200);
    const submitted = await call('POST', `/api/v1/staff/batches/${batchId}/submission`, {
      headers: operator,
    });
    expect(submitted.status).toBe(200);
    const ticketId = submitted.body.letters[0].ticketId as string;

    // The first reading starts a job and waits for its notice, keeping the token for it.
    const waiting = await eventually(async () => {
      const wait = await services.tickets.getWait(ticketId);
      return wait?.kind === 'OCR' && wait.ocrJobs ? wait : undefined;
    }, 60_000);
    expect(Object.keys(waiting.ocrJobs ?? {})).toEqual([expect.stringMatching(/letter-001\/page-01\.pdf$/)]);
    const referred = await statusOf(ticketId, 'REFERRED');
    expect(referred.citizen.mobile).toBe('09351112233');
    expect(referred.attachments[0]?.language).toBe('ar');
  }, 180_000);
});
