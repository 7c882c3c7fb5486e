import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import type { TaskTokens } from '../../shared/adapters/ticket-workflow.ts';
import { bundledClassifier } from '../../shared/classifier/bundled-model.ts';
import { ReferenceCatalog } from '../../shared/domain/reference.ts';
import { characterErrorRate } from '../../shared/ocr/cer.ts';
import { TesseractEngine } from '../../shared/ocr/tesseract-engine.ts';
import { loadSeedReferenceData } from '../../shared/reference/seed.ts';
import { createIdentityHasher } from '../../shared/security/identity-hash.ts';
import { completeTranscription, type DigitizeDeps, digitizeStep } from '../../shared/services/digitize.ts';
import { classifyStep, referStep, type WorkflowStepDeps } from '../../shared/services/workflow-steps.ts';
import { DynamoDbTicketStore } from '../../shared/store/dynamodb/dynamodb-ticket-store.ts';
import type { ScanStore } from '../../shared/store/scan-store.ts';
import { freshTable } from '../support/dynamodb.ts';
import { webTicket } from '../support/fixtures.ts';

const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'ocr');
const truth = JSON.parse(readFileSync(join(FIXTURES, 'ground-truth.json'), 'utf8')) as Record<
  string,
  { text: string }
>;

/** Scans by key, as the attachments bucket would hold them. */
class MemoryScans implements ScanStore {
  readonly objects = new Map<string, Uint8Array>();
  async get(key: string): Promise<Uint8Array> {
    const bytes = this.objects.get(key);
    if (!bytes) throw new Error(`no scan ${key}`);
    return bytes;
  }
  async size(key: string): Promise<number | null> {
    return this.objects.get(key)?.length ?? null;
  }
}

const resumed: Array<{ token: string; output: object }> = [];
const tokens: TaskTokens = {
  resume: async (token, output) => {
    resumed.push({ token, output });
    return true;
  },
  fail: async () => true,
};
const engine = new TesseractEngine();
const scans = new MemoryScans();
let deps: DigitizeDeps;
let steps: WorkflowStepDeps;

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  const tickets = new DynamoDbTicketStore({
    client: doc,
    tableName,
    identityHasher: createIdentityHasher('y'.repeat(40)),
  });
  const reference = loadSeedReferenceData();
  deps = { tickets, scans, engine, now: () => new Date('2026-11-29T08:00:00Z'), minConfidence: 0.6 };
  steps = {
    tickets,
    catalog: async () => new ReferenceCatalog(reference),
    classifier: bundledClassifier(reference.categories),
    workflow: tokens,
    now: deps.now,
    confidenceThreshold: 0.5,
  };
});

afterAll(() => engine.close());

async function letter(pages: Array<{ key: string; bytes: Uint8Array; contentType: string }>) {
  for (const page of pages) scans.objects.set(page.key, page.bytes);
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

describe('digitizing a paper letter', () => {
  it('reads a printed letter, finds the mobile number, and goes on to classification and referral', async () => {
    const file = 'letter2-vazirmatn-40-clean.png';
    const ticket = await letter([
      { key: `scans/b1/${file}`, bytes: readFileSync(join(FIXTURES, file)), contentType: 'image/png' },
    ]);
    const result = await digitizeStep(deps, ticket.ticketId);
    expect(result).toMatchObject({ decision: 'CLASSIFY', reasons: [] });
    const digitized = await deps.tickets.getTicket(ticket.ticketId);
    expect(digitized?.status).toBe('CLASSIFYING');
    expect(digitized?.citizen.mobile).toBe('09167778899');
    expect(characterErrorRate(truth[file]?.text as string, digitized?.text as string)).toBeLessThan(0.05);

    // Repeating the step (a retry) reads nothing again.
    expect((await digitizeStep(deps, ticket.ticketId)).decision).toBe('CLASSIFY');
    const classified = await classifyStep(steps, ticket.ticketId);
    expect(classified).toMatchObject({ decision: 'REFER', category: 'ROADS_TRANSPORT' });
    const plan = await referStep(steps, ticket.ticketId);
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
    const result = await digitizeStep(deps, ticket.ticketId);
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
    expect(typed).toMatchObject({ status: 'CLASSIFYING', citizen: { mobile: '09183334455' } });
    expect(resumed.find((r) => r.token === 'typing')?.output).toEqual({ decision: 'CLASSIFY' });
  }, 60_000);

  it('sends a letter whose mobile number cannot be read to transcription review', async () => {
    const file = 'letter1-vazirmatn-40-noise.png';
    const ticket = await letter([
      { key: `scans/b1/${file}`, bytes: readFileSync(join(FIXTURES, file)), contentType: 'image/png' },
    ]);
    const result = await digitizeStep(deps, ticket.ticketId);
    const digitized = await deps.tickets.getTicket(ticket.ticketId);
    // Either the number was read right, or the letter waits for a person: never a wrong number silently.
    if (result.decision === 'CLASSIFY') expect(digitized?.citizen.mobile).toBe('09181234567');
    else expect(digitized?.status).toBe('TRANSCRIPTION_REVIEW');
  }, 60_000);
});
