import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readHandwritten } from '../cli/corpus.ts';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';
import { freePort } from '../local/free-port.ts';
import { cloudServices } from '../tests/support/cloud-store.ts';
import { drive, percentile } from '../tests/support/load-driver.ts';
import { startCloudProcess } from '../tests/support/local-cloud.ts';

/**
 * `npm run bench -- intake`: the web request path under a visit-day burst, on loopback, one table
 * measured in one run: Pasokh's intake beside a minimal handler doing the same writes with the
 * same clients; submit-to-referred idle and under load; DynamoDB calls per request; the local
 * cloud's memory; and what 10,000 requests cost in AWS from the calls each one makes.
 */
const CLIENTS = 32;
const LOAD_REQUESTS = 600;
const IDLE_REQUESTS = 20;
/** Functions a web request passes through from submission to the agency's inbox. */
const PATH = [
  'ApiSubmitRequest',
  'IntakeStartWorkflow',
  'TicketWorkflowClassify',
  'TicketWorkflowRefer',
  'TicketWorkflowAwaitAgency',
];

const progress = (line: string) => process.stderr.write(`[bench intake] ${line}\n`);

/** Resident memory of a process and its children (DynamoDB Local is the cloud's child), in MB. */
function rssMb(pid: number): number {
  const rss = (p: number) => {
    try {
      return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .split(' ')
      .filter(Boolean)
      .map(Number);
  } catch {
    children = [];
  }
  return Math.round([pid, ...children].reduce((sum, p) => sum + rss(p), 0) / 1024);
}

const texts = readHandwritten()
  .filter((r) => r.category !== 'GENERAL')
  .map((r) => ({ text: r.text, county: r.county ?? 'ILAM' }));
let mobiles = 0;
const body = (i: number) => {
  const { text, county } = texts[(i * 7919) % texts.length] as { text: string; county: string };
  const mobile = `0918${String(3_000_000 + mobiles++).padStart(7, '0')}`;
  return JSON.stringify({ citizen: { firstName: 'سارا', lastName: 'احمدی', mobile }, county, text });
};

export async function benchIntake() {
  progress('starting the local cloud');
  const cloud = await startCloudProcess({ env: { PASOKH_LOCAL_FAULTS: '1' } });
  const services = cloudServices(cloud.dataDir);
  const post = async (url: string, payload: string) => {
    const response = await fetch(url, {
      method: 'POST',
      // As the web app sends a request: with an idempotency key.
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: payload,
    });
    return {
      status: response.status,
      value: response.status === 201 ? ((await response.json()) as { trackingCode: string }) : undefined,
    };
  };
  const calls = async () =>
    (await (
      await fetch(`${cloud.url}/__local/calls`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      })
    ).json()) as Record<string, Record<string, number>>;
  const pathCalls = (counts: Record<string, Record<string, number>>, service: string) =>
    Object.entries(counts)
      .filter(([fn]) => PATH.some((p) => fn.startsWith(p)))
      .reduce((sum, [, c]) => sum + (c[service] ?? 0), 0);
  const referredSeconds = async (codes: readonly string[]) => {
    const seconds: number[] = [];
    for (const code of codes) {
      const ticket = await services.tickets.getTicketByTrackingCode(code);
      if (ticket && ticket.status !== 'RECEIVED')
        seconds.push((Date.parse(ticket.statusChangedAt) - Date.parse(ticket.receivedAt)) / 1000);
    }
    return seconds.sort((a, b) => a - b);
  };
  const waitUntilSettled = async (codes: readonly string[], limitMs: number) => {
    const until = Date.now() + limitMs;
    for (;;) {
      let waiting = 0;
      for (const code of codes)
        if ((await services.tickets.getTicketByTrackingCode(code))?.status === 'RECEIVED') waiting++;
      if (!waiting || Date.now() > until) return waiting;
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  try {
    // Warm every function once, as a deployed stack is after its first minutes.
    await post(`${cloud.url}/api/v1/requests`, body(0));
    await new Promise((r) => setTimeout(r, 3000));
    const idleRss = rssMb(cloud.pid);

    progress(`idle: ${IDLE_REQUESTS} requests one at a time, each followed to its referral`);
    const before = await calls();
    const idleCodes: string[] = [];
    for (let i = 0; i < IDLE_REQUESTS; i++) {
      const { value } = await post(`${cloud.url}/api/v1/requests`, body(i + 1));
      if (value) idleCodes.push(value.trackingCode);
      await waitUntilSettled([value?.trackingCode ?? ''], 20_000);
    }
    await new Promise((r) => setTimeout(r, 1500));
    const after = await calls();
    const ddbPerRequest = (pathCalls(after, 'dynamodb') - pathCalls(before, 'dynamodb')) / IDLE_REQUESTS;
    const sqsPerRequest = (pathCalls(after, 'sqs') - pathCalls(before, 'sqs')) / IDLE_REQUESTS;
    const sfnPerRequest = (pathCalls(after, 'sfn') - pathCalls(before, 'sfn')) / IDLE_REQUESTS;
    const idle = await referredSeconds(idleCodes);

    progress(`load: ${LOAD_REQUESTS} requests from ${CLIENTS} clients`);
    let peakRss = idleRss;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMb(cloud.pid));
    }, 500);
    const loadCodes: string[] = [];
    const started = performance.now();
    const pasokh = await drive({
      count: LOAD_REQUESTS,
      clients: CLIENTS,
      send: (i) => post(`${cloud.url}/api/v1/requests`, body(1000 + i)),
      onAnswer: (_i, _s, value) => value && loadCodes.push(value.trackingCode),
    });
    progress(`intake done in ${pasokh.seconds} s; waiting for every ticket to be referred or in review`);
    const unsettled = await waitUntilSettled(loadCodes, 10 * 60_000);
    const drainSeconds = Math.round((performance.now() - started) / 100) / 10;
    clearInterval(sampler);
    const loaded = await referredSeconds(loadCodes);

    progress('the minimal handler, same writes, same clients');
    const port = await freePort();
    const local = JSON.parse(readFileSync(join(cloud.dataDir, 'local-cloud.json'), 'utf8')) as {
      clientEnvironment: Record<string, string>;
      resources: Record<string, string>;
    };
    const minimalProcess: ChildProcess = spawn(process.execPath, ['bench/minimal-intake.ts', String(port)], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...local.clientEnvironment, TABLE_NAME: String(local.resources.TABLE_NAME) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => minimalProcess.stdout?.once('data', () => resolve()));
    const minimal = await drive({
      count: LOAD_REQUESTS,
      clients: CLIENTS,
      send: (i) => post(`http://127.0.0.1:${port}/`, body(5000 + i)),
    });
    minimalProcess.kill();

    const round = (v: number, d = 2) => Math.round(v * 10 ** d) / 10 ** d;
    return {
      name: 'intake',
      clients: CLIENTS,
      requests: LOAD_REQUESTS,
      intake: {
        pasokh,
        minimal,
        throughputRatio: round(pasokh.requestsPerSecond / minimal.requestsPerSecond),
      },
      submitToReferredSeconds: {
        idle: { p50: round(percentile(idle, 50)), p95: round(percentile(idle, 95)) },
        underLoad: {
          p50: round(percentile(loaded, 50)),
          p95: round(percentile(loaded, 95)),
          unsettledAfter10Minutes: unsettled,
          drainSeconds,
        },
      },
      callsPerRequest: {
        dynamodb: round(ddbPerRequest),
        sqs: round(sqsPerRequest),
        stepFunctions: round(sfnPerRequest),
      },
      localCloudRssMb: { idle: idleRss, underLoadPeak: peakRss },
      awsCostPer10kRequestsUsd: costPer10k({ dynamodb: ddbPerRequest, sqs: sqsPerRequest }),
      targets: {
        p99Ms: 250,
        throughputRatio: 0.7,
        idleSubmitToReferredP50Seconds: 2,
        dynamodbCallsPerRequest: 10,
      },
    };
  } finally {
    services.close();
    await cloud.stop();
  }
}

/**
 * AWS cost of 10,000 web requests from submission to referral, from the calls each makes, at the
 * us-east-1 on-demand list prices as this project knew them on 2026-12-01 (not checked online:
 * this machine has no internet; re-check before quoting): Lambda arm64 $0.20 per million requests
 * and $0.0000133334 per GB-second; API Gateway REST $3.50 per million; SQS $0.40 per million;
 * Step Functions Standard $0.025 per 1,000 state transitions; DynamoDB on demand $0.625 per
 * million write and $0.125 per million read request units; KMS $0.03 per 10,000 requests.
 */
function costPer10k(calls: { dynamodb: number; sqs: number }) {
  const n = 10_000;
  // Lambda: submit, start (a batch of 10 messages per invocation), classify, refer, await agency;
  // about 100 ms each at 512 MB.
  const invocations = n * (4 + 0.1);
  const lambda = (invocations / 1e6) * 0.2 + invocations * 0.1 * 0.5 * 0.0000133334;
  const apiGateway = (n / 1e6) * 3.5;
  // SQS: the send, the poller's receive and delete per message (batches of up to 10).
  const sqsRequests = n * (calls.sqs + 0.2);
  const sqs = (sqsRequests / 1e6) * 0.4;
  // State transitions: start, Choice, Classify, Choice, Refer, AwaitAgency entered.
  const stepFunctions = ((n * 6) / 1000) * 0.025;
  // Writes: the idempotency record (1) and the registration batch (ticket, code, event, link: 4),
  // Refer's transaction (referral, ticket, two events, three index entries: 7 items × 2), the
  // wait (1); reads: the other calls, one unit each (strongly consistent reads of items under
  // 4 KB), queries of up to 10 small items about 2.
  const wru = n * (1 + 4 + 14 + 1);
  const rru = n * Math.max(0, calls.dynamodb - 4) * 1.5;
  const dynamodb = (wru / 1e6) * 0.625 + (rru / 1e6) * 0.125;
  // KMS: the table, queues and secret use the data key; SDK and service caching keep it to about
  // one request per few hundred calls.
  const kms = ((n * 0.05) / 10_000) * 0.03;
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return {
    lambda: round(lambda),
    apiGateway: round(apiGateway),
    sqs: round(sqs),
    stepFunctions: round(stepFunctions),
    dynamodb: round(dynamodb),
    kms: round(kms),
    total: round(lambda + apiGateway + sqs + stepFunctions + dynamodb + kms),
  };
}
