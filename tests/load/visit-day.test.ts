import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { paginateListExecutions } from '@aws-sdk/client-sfn';
import { paginateQuery, paginateScan } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { readHandwritten } from '../../cli/corpus.ts';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { call } from '../support/api-client.ts';
import { cloudServices } from '../support/cloud-store.ts';
import { drive } from '../support/load-driver.ts';
import { type CloudProcess, startCloudProcess } from '../support/local-cloud.ts';
import { closeViewers, fetchAs } from '../support/viewers.ts';

/**
 * `npm run test:load`: a visit-day minute against `npm start` on loopback. 5,000 requests offered
 * in one minute (web requests, a mass petition of hundreds of letters on one broken pump, and a
 * batch of scanned paper letters through OCR), then the same burst with the local cloud killed
 * (SIGKILL) midway and restarted. Clients retry what got no answer with the same idempotency key,
 * as the web app does. Asserted: nothing lost, nothing duplicated (tickets, referrals,
 * executions), nothing FAILED or parked, every ticket referred or in a review queue. The figures
 * (acceptance rate and latency, time until all settled) are printed beside their targets.
 * Operator intake (the 111 line) joins the mix once it exists (issue 12).
 */

const BURST = 5_000;
const KILLED_BURST = 2_000;
const PER_MINUTE = 5_000;
const CLIENTS = 64;
const LETTERS = 10;
/** Every how many requests one is a letter of the mass petition. */
const PETITION_EVERY = 10;
const SETTLE_LIMIT_MS = 30 * 60_000;
const SETTLED = new Set(['REFERRED', 'CLASSIFICATION_REVIEW', 'TRANSCRIPTION_REVIEW']);
/** The cloud as `npm start` runs it, with the schedules short enough that a restart recovers in seconds. */
const LOAD_ENV = {
  PASOKH_LOCAL_FAULTS: '1',
  PASOKH_LOCAL_SCHEDULE_SECONDS: '15',
  PASOKH_LOCAL_TEST_ENV: JSON.stringify({ RECONCILE_GRACE_SECONDS: '45', REFERENCE_CACHE_SECONDS: '60' }),
};
const FIXTURES = join(REPO_ROOT, 'tests', 'fixtures', 'ocr');

const texts = readHandwritten()
  .filter((r) => r.category !== 'GENERAL')
  .map((r) => ({ text: r.text, county: r.county ?? 'ILAM' }));
const PETITION = [
  'پمپ آب روستای موسیان سوخته و یک هفته است آب آشامیدنی نداریم. تانکر هم نمی‌آید. لطفاً رسیدگی کنید.',
  'سلام. آب موسیان یک هفته است قطع است چون پمپ چاه سوخته. مردم آب خوردن ندارند.',
  'با عرض سلام، پمپ چاه آب شرب موسیان خراب شده و اهالی بی‌آب مانده‌اند. خواهشمندیم دستور تعمیر بدهید.',
  'آقای رئیس جمهور، موسیان یک هفته است آب ندارد؛ پمپ سوخته و کسی پیگیری نمی‌کند.',
  'پمپ آب موسیان سوخته، آب نداریم، بچه‌ها مریض شده‌اند. تورو خدا رسیدگی کنید.',
];

interface Submission {
  key: string;
  body: string;
  trackingCode?: string;
  replayed?: boolean;
  attempts: number;
}

function submissions(run: string, count: number): Submission[] {
  return Array.from({ length: count }, (_, i) => {
    const mobile = `091${run === 'kill' ? 7 : 8}${String(1_000_000 + i).padStart(7, '0')}`;
    const citizen = { firstName: 'مریم', lastName: 'رضایی', mobile };
    const petition = i % PETITION_EVERY === 3;
    const { text, county } = petition
      ? { text: PETITION[i % PETITION.length] as string, county: 'DEHLORAN' }
      : (texts[(i * 7919) % texts.length] as { text: string; county: string });
    return { key: `${run}-${i}`, body: JSON.stringify({ citizen, county, text }), attempts: 0 };
  });
}

/**
 * Sends until answered: a lost connection, 5xx or 429 is sent again with the same key, with
 * backoff. Each client is a citizen on its own network (its own address to the local WAF).
 */
async function submit(base: () => string, sub: Submission, client: number): Promise<{ status: number }> {
  const fetch = fetchAs(client);
  for (let wait = 250; ; wait = Math.min(wait * 2, 4000)) {
    sub.attempts++;
    let status = 0;
    try {
      const response = await fetch(`${base()}/api/v1/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': sub.key },
        body: sub.body,
        signal: AbortSignal.timeout(30_000),
      });
      status = response.status;
      const body = (await response.json().catch(() => ({}))) as { trackingCode?: string };
      if (status === 201) {
        sub.trackingCode = body.trackingCode;
        sub.replayed = response.headers.get('idempotent-replayed') === 'true';
        return { status };
      }
    } catch {
      status = 0;
    }
    if (status !== 0 && status !== 429 && status < 500) return { status };
    if (sub.attempts > 40) return { status };
    await new Promise((r) => setTimeout(r, wait * (0.5 + Math.random() / 2)));
  }
}

/** A batch of scanned letters, uploaded and submitted as an operator does at a visit site. */
async function submitLetters(base: string, cloud: CloudProcess): Promise<string[]> {
  const operator = cloud.credentials().staff.find((s) => s.roles.includes('operator'));
  const login = await call('POST', '/api/v1/local/login', {
    base,
    body: { username: operator?.username, password: operator?.password },
  });
  const headers = { authorization: `Bearer ${login.body.token}` };
  const created = await call('POST', '/api/v1/staff/batches', {
    base,
    headers,
    body: {
      intakePoint: { kind: 'VISIT_SITE', id: 'visit-1405-dehloran-site-2', visitId: 'visit-1405' },
      county: 'DEHLORAN',
      collectedOn: '2026-11-28',
    },
  });
  expect(created.status).toBe(201);
  const batchId = created.body.batch.batchId as string;
  const pages = ['clean', 'noise', 'skew', 'blur']
    .flatMap((variant) => [1, 2, 3].map((n) => `letter${n}-vazirmatn-40-${variant}.png`))
    .slice(0, LETTERS)
    .map((file) => readFileSync(join(FIXTURES, file)));
  const added = await call('POST', `/api/v1/staff/batches/${batchId}/letters`, {
    base,
    headers,
    body: { letters: pages.map((p) => ({ pages: [{ contentType: 'image/png', size: p.length }] })) },
  });
  expect(added.status).toBe(201);
  const letters = added.body.letters as Array<{
    pages: Array<{ upload: { method: string; url: string; headers: Record<string, string> } }>;
  }>;
  for (const [i, letter] of letters.entries()) {
    const upload = letter.pages[0]?.upload;
    if (!upload) throw new Error('no upload for a letter');
    const put = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: pages[i] });
    expect(put.status).toBe(200);
  }
  const submitted = await call('POST', `/api/v1/staff/batches/${batchId}/submission`, { base, headers });
  expect(submitted.status).toBe(200);
  return (submitted.body.letters as Array<{ ticketId: string }>).map((l) => l.ticketId);
}

interface StoredTicket {
  ticketId: string;
  trackingCode: string;
  status: string;
  currentReferralId?: string | null;
}

async function tableState(dataDir: string) {
  const services = cloudServices(dataDir);
  try {
    const tickets: StoredTicket[] = [];
    const referrals: Array<{ referralId: string; ticketId: string; citizenCount: number }> = [];
    for await (const page of paginateScan(
      { client: services.client },
      {
        TableName: services.tableName,
        FilterExpression: 'entity IN (:ticket, :referral)',
        ExpressionAttributeValues: { ':ticket': 'TICKET', ':referral': 'REFERRAL' },
        ProjectionExpression:
          'entity, ticketId, referralId, trackingCode, #status, currentReferralId, citizenCount',
        ExpressionAttributeNames: { '#status': 'status' },
      },
    )) {
      for (const item of page.Items ?? []) {
        if (item.entity === 'TICKET') tickets.push(item as StoredTicket);
        else referrals.push(item as { referralId: string; ticketId: string; citizenCount: number });
      }
    }
    const executions: Array<{ name: string; status: string }> = [];
    const local = JSON.parse(readFileSync(join(dataDir, 'local-cloud.json'), 'utf8')) as {
      resources: Record<string, string>;
    };
    for await (const page of paginateListExecutions(
      { client: services.sfn },
      { stateMachineArn: String(local.resources.STATE_MACHINE_ARN), maxResults: 1000 },
    )) {
      for (const e of page.executions ?? [])
        executions.push({ name: String(e.name), status: String(e.status) });
    }
    return { tickets, referrals, executions, parked: await services.parked() };
  } finally {
    services.close();
  }
}

/** Tickets per status, counted on the staff-queue index (cheap enough to poll while the workflow drains). */
async function statusCounts(dataDir: string, statuses: readonly string[]): Promise<Record<string, number>> {
  const services = cloudServices(dataDir);
  try {
    const counts: Record<string, number> = {};
    for (const status of statuses) {
      let count = 0;
      for await (const page of paginateQuery(
        { client: services.client },
        {
          TableName: services.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :pk',
          ExpressionAttributeValues: { ':pk': `QUEUE#${status}` },
          Select: 'COUNT',
        },
      ))
        count += page.Count ?? 0;
      counts[status] = count;
    }
    return counts;
  } finally {
    services.close();
  }
}

async function waitUntilSettled(dataDir: string, expected: number, progress: (line: string) => void) {
  const started = performance.now();
  for (;;) {
    const counts = await statusCounts(dataDir, [...SETTLED]);
    const settled = Object.values(counts).reduce((a, b) => a + b, 0);
    if (settled >= expected) return (performance.now() - started) / 1000;
    if (performance.now() - started > SETTLE_LIMIT_MS) return Number.NaN;
    progress(`${settled} of ${expected} referred or in review`);
    await new Promise((r) => setTimeout(r, 5_000));
  }
}

/** Nothing lost, nothing duplicated, nothing failed: what both runs must show. */
async function expectNothingLostOrDuplicated(dataDir: string, subs: Submission[], letterTickets: string[]) {
  const state = await tableState(dataDir);
  // Every request was accepted, and each got its own code.
  expect(subs.filter((s) => !s.trackingCode).map((s) => s.key)).toEqual([]);
  const codes = new Set(subs.map((s) => s.trackingCode));
  expect(codes.size).toBe(subs.length);
  // Exactly one ticket per request and per letter: none lost, none twice.
  expect(state.tickets.length).toBe(subs.length + letterTickets.length);
  const byCode = new Map(state.tickets.map((t) => [t.trackingCode, t]));
  expect(subs.filter((s) => !byCode.has(String(s.trackingCode))).map((s) => s.key)).toEqual([]);
  const ids = new Set(state.tickets.map((t) => t.ticketId));
  expect(letterTickets.filter((id) => !ids.has(id))).toEqual([]);
  // Each ticket referred or in a review queue; referred ones on a referral that exists.
  const statuses = countBy(state.tickets.map((t) => t.status));
  expect(Object.keys(statuses).filter((s) => !SETTLED.has(s))).toEqual([]);
  const referralIds = new Set(state.referrals.map((r) => r.referralId));
  expect(
    state.tickets.filter((t) => t.status === 'REFERRED' && !referralIds.has(String(t.currentReferralId))),
  ).toEqual([]);
  // One referral at most per ticket; every citizen behind a referral is one ticket on it.
  const referralsPerTicket = countBy(state.referrals.map((r) => r.ticketId));
  expect(Object.entries(referralsPerTicket).filter(([, n]) => n > 1)).toEqual([]);
  const onReferral = countBy(
    state.tickets.flatMap((t) => (t.status === 'REFERRED' ? [String(t.currentReferralId)] : [])),
  );
  expect(state.referrals.filter((r) => r.citizenCount !== (onReferral[r.referralId] ?? 0))).toEqual([]);
  // One execution per ticket, none failed; nothing parked for repair.
  expect(state.executions.length).toBe(state.tickets.length);
  expect(new Set(state.executions.map((e) => e.name))).toEqual(ids);
  expect(state.executions.filter((e) => !['RUNNING', 'SUCCEEDED'].includes(e.status))).toEqual([]);
  expect(state.parked).toEqual([]);
  return { statuses, referrals: state.referrals.length, state };
}

function countBy(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return counts;
}

const report: string[] = [];
const progress = (line: string) => process.stderr.write(`[test:load] ${line}\n`);
let cloud: CloudProcess | undefined;

afterAll(async () => {
  await closeViewers();
  await cloud?.stop();
  if (report.length) process.stdout.write(`\n${report.join('\n')}\n`);
});

describe('a visit-day minute on the local cloud', () => {
  it(
    'accepts 5,000 requests with a mass petition and paper letters, and refers or queues every one',
    async () => {
      cloud = await startCloudProcess({ env: LOAD_ENV });
      const running = cloud;
      const subs = submissions('burst', BURST);
      const letters = submitLetters(running.url, running);
      const started = performance.now();
      const result = await drive({
        count: subs.length,
        clients: CLIENTS,
        ratePerSecond: PER_MINUTE / 60,
        deadlineMs: 15 * 60_000,
        send: (i, client) => submit(() => running.url, subs[i] as Submission, client),
      });
      const acceptSeconds = (performance.now() - started) / 1000;
      const letterTickets = await letters;
      progress(
        `accepted ${result.byStatus['201'] ?? 0} in ${acceptSeconds.toFixed(0)} s; waiting until all settle`,
      );
      const settleSeconds = await waitUntilSettled(running.dataDir, BURST + LETTERS, progress);
      const { statuses, referrals, state } = await expectNothingLostOrDuplicated(
        running.dataDir,
        subs,
        letterTickets,
      );
      const petitionCodes = new Set(
        subs.filter((_, i) => i % PETITION_EVERY === 3).map((s) => s.trackingCode),
      );
      const petitionReferrals = new Set(
        state.tickets
          .filter((t) => petitionCodes.has(t.trackingCode))
          .map((t) => t.currentReferralId ?? t.status),
      );
      report.push(
        '| burst of 5,000 (web, petition, letters) | value | target |',
        '|---|---|---|',
        `| offered | ${PER_MINUTE}/min from ${CLIENTS} clients | 5,000 within one minute |`,
        `| accepted | ${result.byStatus['201'] ?? 0} in ${acceptSeconds.toFixed(0)} s (${result.requestsPerSecond}/s) | |`,
        `| intake p50 / p99 | ${result.p50Ms} / ${result.p99Ms} ms | p99 < 1,000 ms |`,
        `| all referred or in review after the first request | ${(acceptSeconds + settleSeconds).toFixed(0)} s | < 600 s |`,
        `| statuses | ${JSON.stringify(statuses)} | |`,
        `| referrals | ${referrals} (the ${petitionCodes.size}-letter petition on ${petitionReferrals.size}) | |`,
      );
      await running.stop();
      cloud = undefined;
    },
    50 * 60_000,
  );

  it(
    'loses and duplicates nothing when the local cloud is killed mid-burst and restarted',
    async () => {
      cloud = await startCloudProcess({ env: LOAD_ENV });
      let current: CloudProcess = cloud;
      const { dataDir, port } = cloud;
      const subs = submissions('kill', KILLED_BURST);
      let answered = 0;
      let restart: Promise<void> | undefined;
      let killedAt = 0;
      const started = performance.now();
      const result = await drive({
        count: subs.length,
        clients: CLIENTS,
        ratePerSecond: PER_MINUTE / 60,
        deadlineMs: 15 * 60_000,
        send: (i, client) => submit(() => current.url, subs[i] as Submission, client),
        onAnswer: () => {
          answered++;
          if (answered === Math.floor(KILLED_BURST * 0.4) && !restart) {
            killedAt = answered;
            progress(`kill -9 after ${answered} answers`);
            restart = (async () => {
              await current.kill();
              current = await startCloudProcess({ dataDir, port, env: LOAD_ENV });
              cloud = current;
              progress('restarted');
            })();
          }
        },
      });
      await restart;
      const acceptSeconds = (performance.now() - started) / 1000;
      const settleSeconds = await waitUntilSettled(dataDir, KILLED_BURST, progress);
      const { statuses } = await expectNothingLostOrDuplicated(dataDir, subs, []);
      const retried = subs.filter((s) => s.attempts > 1);
      report.push(
        '',
        '| burst of 2,000, killed midway | value |',
        '|---|---|',
        `| killed (SIGKILL, with DynamoDB Local) after | ${killedAt} answers |`,
        `| accepted | ${result.byStatus['201'] ?? 0} in ${acceptSeconds.toFixed(0)} s |`,
        `| sent again with the same key | ${retried.length} (answered as a replay: ${retried.filter((s) => s.replayed).length}) |`,
        `| all referred or in review after the restart | ${settleSeconds.toFixed(0)} s |`,
        `| statuses | ${JSON.stringify(statuses)} |`,
      );
      expect(retried.length).toBeGreaterThan(0);
    },
    50 * 60_000,
  );
});
