import {
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listen } from '../../local/aws-json-server.ts';
import { freePort } from '../../local/free-port.ts';
import { LocalSqs } from '../../local/sqs/server.ts';
import { SqsIntakeQueue } from '../../shared/adapters/intake-queue.ts';
import { S3ScanStore } from '../../shared/adapters/s3-scan-store.ts';
import { ValidationError } from '../../shared/domain/errors.ts';
import { createBatchSchema } from '../../shared/domain/letter-batch.ts';
import { ReferenceCatalog } from '../../shared/domain/reference.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { loadSeedReferenceData } from '../../shared/reference/seed.ts';
import { createIdentityHasher } from '../../shared/security/identity-hash.ts';
import {
  type AddedLetter,
  addBatchLetters,
  createLetterBatch,
  getBatchView,
  type LetterBatchDeps,
  letterUploads,
  submitLetterBatch,
} from '../../shared/services/letter-batches.ts';
import { reconcileBatches, reconcileIntake } from '../../shared/services/reconcile-intake.ts';
import { DynamoDbBatchStore } from '../../shared/store/dynamodb/dynamodb-batch-store.ts';
import { DynamoDbTicketStore } from '../../shared/store/dynamodb/dynamodb-ticket-store.ts';
import { freshTable } from '../support/dynamodb.ts';
import { tableTrackingCodes } from '../support/fixtures.ts';
import { localS3, SCANS_BUCKET } from '../support/s3.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
let s3: Awaited<ReturnType<typeof localS3>>;
let sqs: LocalSqs;
let sqsClient: SQSClient;
let queueUrl: string;
let deps: LetterBatchDeps & { tickets: DynamoDbTicketStore };
let clock = new Date('2026-11-29T08:00:00Z');

beforeAll(async () => {
  s3 = await localS3();
  const sqsPort = await freePort();
  sqs = new LocalSqs(sqsPort, [{ name: 'intake', attributes: {} }]);
  await listen(sqs.server, sqsPort);
  sqsClient = new SQSClient({ endpoint: `http://127.0.0.1:${sqsPort}`, region: 'local', credentials });
  queueUrl = (await sqsClient.send(new GetQueueUrlCommand({ QueueName: 'intake' }))).QueueUrl as string;
  const { doc, tableName } = await freshTable();
  deps = {
    batches: new DynamoDbBatchStore({ client: doc, tableName }),
    tickets: new DynamoDbTicketStore({
      client: doc,
      tableName,
      identityHasher: createIdentityHasher('z'.repeat(40)),
    }),
    trackingCodes: tableTrackingCodes(doc, tableName),
    scans: new S3ScanStore({ client: s3.client, bucket: SCANS_BUCKET }),
    intakeQueue: new SqsIntakeQueue(sqsClient, queueUrl),
    now: () => clock,
  };
});

afterAll(async () => {
  sqsClient.destroy();
  await new Promise((resolve) => sqs.server.close(resolve));
  await s3.stop();
});

beforeEach(async () => {
  await received();
});

/** Takes every message off the intake queue, as its consumer would. */
async function received(): Promise<unknown[]> {
  const messages: unknown[] = [];
  for (;;) {
    const { Messages = [] } = await sqsClient.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (!Messages.length) return messages;
    messages.push(...Messages.map((m) => JSON.parse(m.Body ?? '')));
    await sqsClient.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
}

const visitBatch = () =>
  createLetterBatch(
    deps,
    'operator-1',
    parseInput(createBatchSchema(new ReferenceCatalog(loadSeedReferenceData())), {
      intakePoint: { kind: 'VISIT_SITE', id: 'visit-1405-dehloran-site-2', visitId: 'visit-1405' },
      county: 'DEHLORAN',
      collectedOn: '2026-11-28',
    }),
  );

const png = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return bytes;
};
const jpeg = (size: number) => {
  const bytes = new Uint8Array(size);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  return bytes;
};

async function upload(letter: AddedLetter, pageNo: number, body: Uint8Array): Promise<void> {
  const page = letter.pages.find((p) => p.page === pageNo);
  if (!page) throw new Error('no such page');
  const response = await fetch(page.upload.url, { method: 'PUT', body, headers: page.upload.headers });
  expect(response.status).toBe(200);
}

async function problemsOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ValidationError) return error.problems.map((p) => [p.path, p.code]);
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('letter batches', () => {
  it('turns each letter of a submitted batch into one paper ticket, once, refusing faulty uploads first', async () => {
    const batch = await visitBatch();
    const { letters } = await addBatchLetters(deps, batch.batchId, {
      letters: [
        {
          pages: [
            { contentType: 'image/png', size: 3000 },
            { contentType: 'image/png', size: 2000 },
          ],
        },
        { pages: [{ contentType: 'image/jpeg', size: 1500 }] },
      ],
    });
    const [first, second] = letters as [AddedLetter, AddedLetter];
    await upload(first, 1, png(3000));
    // Letter 2 came through as something that is not a JPEG (a renamed file).
    await upload(second, 1, new TextEncoder().encode('x'.repeat(1500)));

    expect(await problemsOf(submitLetterBatch(deps, 'operator-2', batch.batchId))).toEqual([
      ['letters/1/pages/2', 'scan_not_uploaded'],
      ['letters/2/pages/1', 'scan_content_mismatch'],
    ]);
    expect((await deps.batches.getBatch(batch.batchId))?.status).toBe('OPEN');
    expect((await deps.tickets.listByStatus('DIGITIZING')).items).toEqual([]);
    expect(await received()).toEqual([]);

    await upload(first, 2, png(2000));
    await upload(await letterUploads(deps, batch.batchId, 2), 1, jpeg(1500));
    const submitted = await submitLetterBatch(deps, 'operator-2', batch.batchId);
    expect(submitted).toMatchObject({ status: 'REGISTERED', submittedBy: 'operator-2' });

    const view = await getBatchView(deps, batch.batchId);
    expect(view.progress).toEqual({ letters: 2, byStatus: { DIGITIZING: 2 }, awaitingTicket: 0 });
    const ticketIds = view.letters.map((l) => l.ticketId as string);
    const tickets = await deps.tickets.getTickets(ticketIds);
    expect(tickets.map((t) => [t.channel, t.county, t.status, t.attachments.length])).toEqual([
      ['VISIT_SITE', 'DEHLORAN', 'DIGITIZING', 2],
      ['VISIT_SITE', 'DEHLORAN', 'DIGITIZING', 1],
    ]);
    expect(tickets[0]?.intakePoint).toMatchObject({ visitId: 'visit-1405', registeredBy: 'operator-1' });
    const messages = await received();
    expect(messages).toHaveLength(2);
    expect(messages).toEqual(
      expect.arrayContaining(ticketIds.map((ticketId) => ({ ticketId, paper: true }))),
    );

    // Submitting again changes nothing and opens nothing; adding to it is refused.
    expect(await submitLetterBatch(deps, 'operator-2', batch.batchId)).toEqual(submitted);
    expect((await deps.tickets.listByStatus('DIGITIZING')).items).toHaveLength(2);
    expect(await received()).toEqual([]);
    await expect(
      addBatchLetters(deps, batch.batchId, { letters: [{ pages: [{ contentType: 'image/png', size: 1 }] }] }),
    ).rejects.toThrow(/submitted/);
  });

  it('keeps a batch whose hand-off failed SUBMITTED until the reconciler finishes it, without a second ticket', async () => {
    const batch = await visitBatch();
    const { letters } = await addBatchLetters(deps, batch.batchId, {
      letters: [1, 2, 3].map(() => ({ pages: [{ contentType: 'image/png' as const, size: 100 }] })),
    });
    for (const letter of letters) await upload(letter, 1, png(100));
    const before = (await deps.tickets.listByStatus('DIGITIZING', { limit: 200 })).items.length;

    sqs.injectFault('SendMessage', 1);
    const cut = await submitLetterBatch(deps, 'operator-1', batch.batchId);
    expect(cut.status).toBe('SUBMITTED');
    const partial = await getBatchView(deps, batch.batchId);
    expect(partial.progress.awaitingTicket).toBe(1);

    // Too young for the sweep; then old enough.
    expect(await reconcileBatches(deps, { graceSeconds: 60 })).toEqual({ batches: 0 });
    clock = new Date(clock.getTime() + 120_000);
    expect(await reconcileBatches(deps, { graceSeconds: 60 })).toEqual({ batches: 1 });

    const done = await getBatchView(deps, batch.batchId);
    expect(done.batch.status).toBe('REGISTERED');
    expect(done.progress).toEqual({ letters: 3, byStatus: { DIGITIZING: 3 }, awaitingTicket: 0 });
    expect((await deps.tickets.listByStatus('DIGITIZING', { limit: 200 })).items.length).toBe(before + 3);
    const messages = (await received()) as Array<{ ticketId: string }>;
    expect(new Set(messages.map((m) => m.ticketId))).toEqual(new Set(done.letters.map((l) => l.ticketId)));
  });

  it('stops opening tickets when the caller runs out of time, and the sweep opens the rest', async () => {
    const batch = await visitBatch();
    const { letters } = await addBatchLetters(deps, batch.batchId, {
      letters: [1, 2, 3].map(() => ({ pages: [{ contentType: 'image/png' as const, size: 32 }] })),
    });
    for (const letter of letters) await upload(letter, 1, png(32));
    const late = await submitLetterBatch(deps, 'operator-1', batch.batchId, { until: Date.now() - 1 });
    expect(late.status).toBe('SUBMITTED');
    expect((await getBatchView(deps, batch.batchId)).progress.awaitingTicket).toBe(3);
    clock = new Date(clock.getTime() + 120_000);
    await reconcileBatches(deps, { graceSeconds: 60 });
    const view = await getBatchView(deps, batch.batchId);
    expect(view.batch.status).toBe('REGISTERED');
    expect(view.progress.awaitingTicket).toBe(0);
    expect(await received()).toHaveLength(3);
  });

  it("opens each letter's ticket once when two operators submit the same batch at the same moment", async () => {
    const batch = await visitBatch();
    const { letters } = await addBatchLetters(deps, batch.batchId, {
      letters: [1, 2, 3, 4].map(() => ({ pages: [{ contentType: 'image/png' as const, size: 64 }] })),
    });
    for (const letter of letters) await upload(letter, 1, png(64));
    const before = (await deps.tickets.listByStatus('DIGITIZING', { limit: 200 })).items.length;
    const [a, b] = await Promise.all([
      submitLetterBatch(deps, 'operator-1', batch.batchId),
      submitLetterBatch(deps, 'operator-2', batch.batchId),
    ]);
    expect([a.status, b.status]).toEqual(['REGISTERED', 'REGISTERED']);
    const view = await getBatchView(deps, batch.batchId);
    expect(new Set(view.letters.map((l) => l.ticketId)).size).toBe(4);
    const messages = (await received()) as Array<{ ticketId: string }>;
    // A repeated hand-off is harmless (the workflow starts once per ticket); a second ticket is not.
    expect(new Set(messages.map((m) => m.ticketId))).toEqual(new Set(view.letters.map((l) => l.ticketId)));
    expect((await deps.tickets.listByStatus('DIGITIZING', { limit: 200 })).items.length).toBe(before + 4);
  });

  it('sweeps paper letters into the workflow again only after the whole OCR wait', async () => {
    const stuck = (await deps.tickets.listByStatus('DIGITIZING', { limit: 200 })).items;
    expect(stuck.length).toBeGreaterThan(0);
    const options = { graceSeconds: 60, digitizingGraceSeconds: 6 * 3600 };
    expect(await reconcileIntake(deps, options)).toEqual({ enqueued: 0 });
    clock = new Date(clock.getTime() + 7 * 3600_000);
    expect(await reconcileIntake(deps, options)).toEqual({ enqueued: stuck.length });
    const messages = (await received()) as Array<{ ticketId: string; paper?: boolean }>;
    expect(messages.every((m) => m.paper === true)).toBe(true);
  });

  it('re-enqueues only the tickets whose workflow never started, however long the backlog', async () => {
    const waiting = (await deps.tickets.listByStatus('DIGITIZING', { limit: 200 })).items;
    expect(waiting.length).toBeGreaterThan(1);
    const lost = waiting[waiting.length - 1]?.ticketId as string;
    clock = new Date(clock.getTime() + 7 * 3600_000);
    const options = { graceSeconds: 60, digitizingGraceSeconds: 6 * 3600 };
    const asked: string[] = [];
    const result = await reconcileIntake(
      {
        ...deps,
        workflowStarted: async (ticketId) => {
          asked.push(ticketId);
          return ticketId !== lost;
        },
      },
      options,
    );
    expect(result).toEqual({ enqueued: 1 });
    expect(asked).toHaveLength(waiting.length);
    expect(((await received()) as Array<{ ticketId: string }>).map((m) => m.ticketId)).toEqual([lost]);
  });
});
