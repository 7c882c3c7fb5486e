import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readHandwritten } from '../cli/corpus.ts';
import { drive, percentile } from '../tests/support/load-driver.ts';
import { startCloudProcess } from '../tests/support/local-cloud.ts';

/**
 * `npm run bench -- webhooks`: how soon an agency's system hears of a new referral. Every agency
 * registers one local receiver; requests are submitted one at a time, then as a burst; for each
 * referral the receiver notes when its first call arrived, against the referral's creation time
 * in the body (one clock: the same machine). Target (SPEC §5, issue 12): within 2 s.
 */
const IDLE_REQUESTS = 20;
const BURST_REQUESTS = 200;
const CLIENTS = 16;
const TARGET_MS = 2000;

const progress = (line: string) => process.stderr.write(`[bench webhooks] ${line}\n`);

export async function benchWebhooks() {
  const firstSeen = new Map<string, number>();
  let calls = 0;
  const receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      calls++;
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        type: string;
        referral: { referralId: string; createdAt: string };
      };
      if (body.type === 'referral.created' && !firstSeen.has(body.referral.referralId))
        firstSeen.set(body.referral.referralId, at - Date.parse(body.referral.createdAt));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  progress('starting the local cloud');
  const cloud = await startCloudProcess({ env: {} });
  const texts = readHandwritten()
    .filter((r) => r.category !== 'GENERAL')
    .map((r) => ({ text: r.text, county: r.county ?? 'ILAM' }));
  let mobiles = 0;
  const submit = async (i: number) => {
    const { text, county } = texts[(i * 7919) % texts.length] as { text: string; county: string };
    const mobile = `0917${String(4_000_000 + mobiles++).padStart(7, '0')}`;
    const response = await fetch(`${cloud.url}/api/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ citizen: { firstName: 'سارا', lastName: 'احمدی', mobile }, county, text }),
    });
    await response.arrayBuffer();
    return { status: response.status, value: undefined };
  };
  /** Waits until `count` referrals have been heard of, or `limitMs` passes. */
  const heard = async (count: number, limitMs: number) => {
    const until = Date.now() + limitMs;
    while (firstSeen.size < count && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
  };
  try {
    for (const agency of cloud.credentials().agencies) {
      const registered = await fetch(`${cloud.url}/api/v1/agency/webhook`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-api-key': agency.apiKey },
        body: JSON.stringify({ url: receiverUrl }),
      });
      if (registered.status !== 200) throw new Error(`registering ${agency.id}: ${registered.status}`);
    }
    // Warm the path once, as a deployed stack is after its first minutes.
    await submit(0);
    await heard(1, 30_000);

    progress(`idle: ${IDLE_REQUESTS} requests one at a time`);
    const idleFrom = firstSeen.size;
    for (let i = 1; i <= IDLE_REQUESTS; i++) {
      const before = firstSeen.size;
      await submit(i);
      await heard(before + 1, 20_000);
    }
    const idle = [...firstSeen.values()].slice(idleFrom).sort((a, b) => a - b);

    progress(`burst: ${BURST_REQUESTS} requests from ${CLIENTS} clients`);
    const burstFrom = firstSeen.size;
    const burst = await drive({ count: BURST_REQUESTS, clients: CLIENTS, send: (i) => submit(1000 + i) });
    // Requests the classifier sends to review reach no agency: wait for the referred ones to settle.
    let last = -1;
    while (firstSeen.size !== last) {
      last = firstSeen.size;
      await new Promise((r) => setTimeout(r, 10_000));
    }
    const loaded = [...firstSeen.values()].slice(burstFrom).sort((a, b) => a - b);
    const summary = (ms: number[]) => ({
      referrals: ms.length,
      p50Ms: Math.round(percentile(ms, 50)),
      p95Ms: Math.round(percentile(ms, 95)),
      p99Ms: Math.round(percentile(ms, 99)),
      maxMs: Math.round(ms.at(-1) ?? 0),
      withinTarget: ms.length
        ? Math.round((ms.filter((m) => m <= TARGET_MS).length / ms.length) * 1000) / 1000
        : 0,
    });
    const idleSummary = summary(idle);
    return {
      name: 'webhooks',
      measures: 'referral created → first call at the agency receiver (local cloud, loopback)',
      idle: idleSummary,
      burst: { requests: BURST_REQUESTS, clients: CLIENTS, intakeSeconds: burst.seconds, ...summary(loaded) },
      receiverCalls: calls,
      targets: { referralSeenWithinMs: TARGET_MS },
      ratios: { idleP95ToTarget: Math.round((idleSummary.p95Ms / TARGET_MS) * 100) / 100 },
    };
  } finally {
    await cloud.stop();
    receiver.close();
  }
}
