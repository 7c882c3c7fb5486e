import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../../shared/adapters/webhook-sender.ts';

let port = 0;
let received = 0;
const server = createServer((req, res) => {
  received++;
  req.resume();
  req.on('end', () => res.writeHead(req.url === '/fail' ? 503 : 204).end());
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const call = (url: string) => ({
  url,
  body: '{"id":"x"}',
  headers: { 'content-type': 'application/json' },
  timeoutMs: 2000,
});

describe('the webhook sender', () => {
  it('refuses a name that resolves to a private address when it connects, and sends nothing', async () => {
    const before = received;
    const answer = await new HttpWebhookSender({ allowLoopback: false }).post(
      call(`http://localhost:${port}/hook`),
    );
    expect(answer).toEqual({ ok: false, statusCode: null, error: 'private_address' });
    const literal = await new HttpWebhookSender({ allowLoopback: false }).post(
      call(`http://127.0.0.1:${port}/hook`),
    );
    expect(literal.ok).toBe(false);
    expect(received).toBe(before);
  });

  it("reports the receiver's answer: 2xx delivered, anything else not", async () => {
    const sender = new HttpWebhookSender({ allowLoopback: true });
    expect(await sender.post(call(`http://localhost:${port}/hook`))).toEqual({ ok: true, statusCode: 204 });
    expect(await sender.post(call(`http://127.0.0.1:${port}/fail`))).toEqual({
      ok: false,
      statusCode: 503,
      error: 'http_503',
    });
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const answer = await new HttpWebhookSender({ allowLoopback: true }).post({
      ...call(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`),
      timeoutMs: 300,
    });
    expect(answer).toMatchObject({ ok: false, statusCode: null, error: 'etimedout' });
    silent.closeAllConnections();
    silent.close();
  });
});
