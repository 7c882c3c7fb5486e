import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { verifyWebhookSignature } from '../../shared/domain/webhooks.ts';
import { call, eventually, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';

const { services, keyOf, statusOf, tokenFor } = cloudContext();
const AGENCY = 'water-wastewater';
const asAgency = { 'x-api-key': keyOf(AGENCY) };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** An agency's system: records every call; answers 500 to the first `failFirst` of each delivery. */
class Receiver {
  readonly calls: Received[] = [];
  failFirst = 0;
  private readonly server: Server;
  private readonly failures = new Map<string, number>();

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const delivery = String(req.headers['pasokh-delivery']);
        this.calls.push({
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
        });
        const failed = this.failures.get(delivery) ?? 0;
        if (failed < this.failFirst) {
          this.failures.set(delivery, failed + 1);
          res.writeHead(500).end('down for maintenance');
          return;
        }
        res.writeHead(204).end();
      });
    });
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/pasokh-hook`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  callsFor(referralId: string): Received[] {
    return this.calls.filter((c) => JSON.parse(c.body).referral?.referralId === referralId);
  }
}

async function referredTicket(text: string) {
  const submitted = await call('POST', '/api/v1/requests', {
    body: { citizen: { firstName: 'رضا', lastName: 'کرمی', mobile: uniqueMobile() }, county: 'ILAM', text },
  });
  expect(submitted.status).toBe(201);
  const ticket = await eventually(
    async () =>
      (await services.tickets.getTicketByTrackingCode(String(submitted.body.trackingCode))) ?? undefined,
  );
  const referred = await statusOf(ticket.ticketId, 'REFERRED');
  const referral = await services.tickets.getReferral(String(referred.currentReferralId));
  expect(referral?.agencyId).toBe(AGENCY);
  return referral as NonNullable<typeof referral>;
}

const receiver = new Receiver();
let receiverUrl = '';
let secret = '';

beforeAll(async () => {
  receiverUrl = await receiver.start();
});
afterAll(async () => {
  await call('DELETE', '/api/v1/agency/webhook', { headers: asAgency });
  await receiver.stop();
  await services.close();
});

describe('incremental polling', () => {
  it('returns only what changed since the last poll, and 304 when nothing did', async () => {
    const start = new Date(Date.now() - 1000).toISOString();
    const referral = await referredTicket('لوله آب روستای ما دو هفته است شکسته و آب قطع است.');
    const first = await eventually(async () => {
      const polled = await call(
        'GET',
        `/api/v1/agency/referrals?since=${encodeURIComponent(start)}&limit=200`,
        {
          headers: asAgency,
        },
      );
      expect(polled.status).toBe(200);
      return polled.body.items.some((r: { referralId: string }) => r.referralId === referral.referralId)
        ? polled
        : undefined;
    });
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const unchanged = await call(
      'GET',
      `/api/v1/agency/referrals?since=${encodeURIComponent(start)}&limit=200`,
      {
        headers: { ...asAgency, 'if-none-match': String(etag) },
      },
    );
    // Another test's referral may have changed meanwhile; then the answer is new, with a new tag.
    if (unchanged.status === 200) expect(unchanged.headers.get('etag')).not.toBe(etag);
    else expect(unchanged.status).toBe(304);

    // Once its change has settled, the referral is behind the cursor: a later poll leaves it out.
    await new Promise((r) => setTimeout(r, 6000));
    const settled = await call(
      'GET',
      `/api/v1/agency/referrals?since=${encodeURIComponent(start)}&limit=200`,
      {
        headers: asAgency,
      },
    );
    const since = String(settled.body.since);
    const after = await call('GET', `/api/v1/agency/referrals?since=${since}`, { headers: asAgency });
    expect(after.body.items.map((r: { referralId: string }) => r.referralId)).not.toContain(
      referral.referralId,
    );

    const ack = await call('POST', `/api/v1/agency/referrals/${referral.referralId}/ack`, {
      headers: asAgency,
    });
    expect(ack.status).toBe(200);
    const changed = await eventually(async () => {
      const polled = await call('GET', `/api/v1/agency/referrals?since=${since}`, { headers: asAgency });
      return polled.body.items.find((r: { referralId: string }) => r.referralId === referral.referralId);
    });
    expect(changed.status).toBe('ACKNOWLEDGED');
    expect(changed.version).toBeGreaterThan(referral.version);
  });

  it('refuses a forged cursor, and since beside status', async () => {
    const forged = await call('GET', '/api/v1/agency/referrals?since=bm90LWEtY3Vyc29y', {
      headers: asAgency,
    });
    expect(forged.status).toBe(400);
    expect(forged.body.error.problems[0]).toMatchObject({ path: 'since', code: 'invalid_input' });
    const mixed = await call('GET', '/api/v1/agency/referrals?since=2026-01-01T00:00:00Z&status=OPEN', {
      headers: asAgency,
    });
    expect(mixed.status).toBe(400);
    expect(mixed.body.error.problems[0]).toMatchObject({ path: 'since', code: 'since_alone' });
  });
});

describe('documents attached to an answer', () => {
  it('are uploaded under the referral, checked by content, and kept with the answer', async () => {
    const referral = await referredTicket('شیر فلکه اصلی آب محله خراب است و آب هدر می‌رود.');
    const png = readFileSync(join(REPO_ROOT, 'tests', 'fixtures', 'ocr', 'letter1-vazirmatn-40-clean.png'));
    const asked = await call('POST', `/api/v1/agency/referrals/${referral.referralId}/attachments`, {
      headers: asAgency,
      body: {
        files: [
          { contentType: 'image/png', size: png.length },
          { contentType: 'application/pdf', size: png.length },
        ],
      },
    });
    expect(asked.status).toBe(201);
    const [photo, claimedPdf] = asked.body.files as Array<{
      key: string;
      upload: { method: string; url: string; headers: Record<string, string> };
    }>;
    expect(photo?.key).toMatch(new RegExp(`^responses/${referral.referralId}/`));
    for (const file of [photo, claimedPdf]) {
      const put = await fetch(String(file?.upload.url), {
        method: 'PUT',
        headers: file?.upload.headers,
        body: png,
      });
      expect(put.status).toBe(200);
    }
    const answer = (updateId: string, attachments: unknown[]) =>
      call('POST', `/api/v1/agency/referrals/${referral.referralId}/responses`, {
        headers: asAgency,
        body: { updateId, outcome: 'IN_PROGRESS', message: 'گروه تعمیر اعزام شد', attachments },
      });
    // A PNG sent as a PDF, and a key of another referral, are refused; nothing is kept.
    const wrongType = await answer('att-1', [{ key: claimedPdf?.key, contentType: 'application/pdf' }]);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.problems[0].code).toBe('scan_content_mismatch');
    const foreign = await answer('att-2', [
      { key: `responses/${'0'.repeat(26)}/${'1'.repeat(26)}.png`, contentType: 'image/png' },
    ]);
    expect(foreign.status).toBe(400);
    expect((await services.tickets.getReferral(referral.referralId))?.attachments).toEqual([]);

    const kept = await answer('att-3', [{ key: photo?.key, contentType: 'image/png' }]);
    expect(kept.status).toBe(200);
    expect((await services.tickets.getReferral(referral.referralId))?.attachments).toEqual([
      { key: photo?.key, contentType: 'image/png', size: png.length },
    ]);

    // A caseworker opens it from the case; ops, who see no contact details, get no link.
    const reviewer = { authorization: `Bearer ${await tokenFor('reviewer')}` };
    const asCaseworker = await call('GET', `/api/v1/staff/tickets/${referral.ticketId}`, {
      headers: reviewer,
    });
    const linked = asCaseworker.body.referrals.find(
      (r: { referralId: string }) => r.referralId === referral.referralId,
    );
    const opened = await fetch(linked.attachments[0].url);
    expect(Buffer.from(await opened.arrayBuffer()).equals(png)).toBe(true);
    const ops = { authorization: `Bearer ${await tokenFor('ops')}` };
    const asOps = await call('GET', `/api/v1/staff/tickets/${referral.ticketId}`, { headers: ops });
    expect(asOps.body.referrals[0].attachments[0].url).toBeUndefined();

    // Once resolved, the referral takes no more documents.
    await call('POST', `/api/v1/agency/referrals/${referral.referralId}/responses`, {
      headers: asAgency,
      body: { updateId: 'att-4', outcome: 'RESOLVED', message: 'تعمیر شد' },
    });
    const late = await call('POST', `/api/v1/agency/referrals/${referral.referralId}/attachments`, {
      headers: asAgency,
      body: { files: [{ contentType: 'image/png', size: 10 }] },
    });
    expect(late.status).toBe(409);
  });
});

describe('webhooks', () => {
  it('refuses a receiver that is not HTTPS or that is private, and keeps none', async () => {
    for (const [url, code] of [
      ['http://hooks.example.org/pasokh', 'webhook_not_https'],
      ['https://192.168.10.5/pasokh', 'webhook_private_address'],
      ['https://169.254.169.254/latest', 'webhook_private_address'],
    ] as const) {
      const refused = await call('PUT', '/api/v1/agency/webhook', { headers: asAgency, body: { url } });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain(code);
      expect(refused.body.error.message.fa).toBeTruthy();
    }
    expect((await call('GET', '/api/v1/agency/webhook', { headers: asAgency })).status).toBe(404);
  });

  it('delivers a new referral signed, retries after the receiver fails, and replays on request', async () => {
    const registered = await call('PUT', '/api/v1/agency/webhook', {
      headers: asAgency,
      body: { url: receiverUrl },
    });
    expect(registered.status).toBe(200);
    secret = String(registered.body.secret);
    expect(secret).toMatch(/^whsec_/);
    const shown = await call('GET', '/api/v1/agency/webhook', { headers: asAgency });
    expect(shown.body.url).toBe(receiverUrl);
    expect(JSON.stringify(shown.body)).not.toContain(secret);

    receiver.failFirst = 1;
    const referral = await referredTicket('آب شرب محله ما گل‌آلود است و بوی بد می‌دهد، لطفا رسیدگی کنید.');
    const calls = await eventually(
      async () => {
        const got = receiver.callsFor(referral.referralId);
        return got.length >= 2 ? got : undefined;
      },
      30_000,
      'the failed delivery to be retried',
    );
    const [failed, retried] = calls as [Received, Received];
    expect(failed.headers['pasokh-delivery']).toBe(retried.headers['pasokh-delivery']);
    expect(retried.body).toBe(failed.body);
    expect(retried.at - failed.at).toBeGreaterThanOrEqual(4000);
    const body = JSON.parse(retried.body);
    expect(body.type).toBe('referral.created');
    expect(body.referral).toMatchObject({ referralId: referral.referralId, status: 'PENDING', version: 1 });
    // The agency sees the request, never the citizen's identity.
    expect(retried.body).not.toContain('کرمی');
    const valid = verifyWebhookSignature({
      secret,
      header: String(retried.headers['pasokh-signature']),
      body: retried.body,
      now: new Date(),
    });
    expect(valid).toBe(true);
    expect(
      verifyWebhookSignature({
        secret: `whsec_${'0'.repeat(43)}`,
        header: String(retried.headers['pasokh-signature']),
        body: retried.body,
        now: new Date(),
      }),
    ).toBe(false);

    const deliveryId = String(retried.headers['pasokh-delivery']);
    const delivered = await eventually(async () => {
      const listed = await call('GET', '/api/v1/agency/webhook/deliveries?status=DELIVERED', {
        headers: asAgency,
      });
      return listed.body.items.find((d: { deliveryId: string }) => d.deliveryId === deliveryId);
    });
    expect(delivered).toMatchObject({ attempts: 2, lastStatusCode: 204, lastError: null });

    // Another agency neither sees nor replays it.
    const foreign = await call('POST', `/api/v1/agency/webhook/deliveries/${deliveryId}/replay`, {
      headers: { 'x-api-key': keyOf('gas') },
    });
    expect(foreign.status).toBe(404);

    const replayed = await call('POST', `/api/v1/agency/webhook/deliveries/${deliveryId}/replay`, {
      headers: asAgency,
    });
    expect(replayed.status).toBe(202);
    const again = await eventually(async () => {
      const got = receiver
        .callsFor(referral.referralId)
        .filter((c) => c.headers['pasokh-delivery'] === deliveryId);
      return got.length >= 3 ? got : undefined;
    });
    expect(again[2]?.body).toBe(failed.body);

    // The agency's acknowledgement is a change: delivered as the next version.
    receiver.failFirst = 0;
    await call('POST', `/api/v1/agency/referrals/${referral.referralId}/ack`, { headers: asAgency });
    const change = await eventually(async () =>
      receiver.callsFor(referral.referralId).find((c) => JSON.parse(c.body).type === 'referral.changed'),
    );
    expect(JSON.parse(change.body).referral).toMatchObject({ status: 'ACKNOWLEDGED', version: 2 });
  });
});
