import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/domain/errors.ts';
import {
  checkWebhookUrl,
  deliveryIdOf,
  isPublicAddress,
  mayRetry,
  retryDelaySeconds,
  verifyWebhookSignature,
  WEBHOOK_RETRY_WINDOW_MS,
  webhookSignature,
} from '../../../shared/domain/webhooks.ts';
import { webhookSecret } from '../../../shared/security/webhook-signing.ts';

const inAws = { allowLoopback: false };
const locally = { allowLoopback: true };

function refusal(url: string, policy = inAws): string | null {
  try {
    checkWebhookUrl(url, policy);
    return null;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error.problems[0]?.code ?? 'no code';
  }
}

describe('webhook URLs', () => {
  it('accepts a public HTTPS address, by name or by address', () => {
    expect(refusal('https://hooks.water-ilam.ir/pasokh')).toBeNull();
    expect(refusal('https://8.8.8.8/hook')).toBeNull();
    expect(refusal('https://[2606:4700::1111]/hook')).toBeNull();
  });

  it('refuses plain HTTP, other schemes and credentials in the URL', () => {
    expect(refusal('http://hooks.water-ilam.ir/pasokh')).toBe('webhook_not_https');
    expect(refusal('ftp://hooks.water-ilam.ir/')).toBe('webhook_not_https');
    expect(refusal('https://user:pass@hooks.water-ilam.ir/')).toBe('invalid_input');
    expect(refusal('not a url')).toBe('invalid_input');
  });

  it.each([
    'https://10.1.2.3/',
    'https://172.20.0.1/',
    'https://192.168.1.10/',
    'https://127.0.0.1/',
    'https://169.254.169.254/latest/meta-data/',
    'https://100.64.0.1/',
    'https://0.0.0.0/',
    'https://[::1]/',
    'https://[fd00::1]/',
    'https://[fe80::1]/',
    'https://[::ffff:10.0.0.1]/',
    'https://localhost/',
    'https://db.internal/',
    'https://printer.local/',
    'https://intranet/',
  ])('refuses %s as a private or internal address', (url) => {
    expect(refusal(url)).toBe('webhook_private_address');
  });

  it('lets the local cloud reach receivers on loopback over HTTP, and nothing else private', () => {
    expect(refusal('http://127.0.0.1:4010/hook', locally)).toBeNull();
    expect(refusal('http://localhost:4010/hook', locally)).toBeNull();
    expect(refusal('http://127.0.0.1:4010/hook', inAws)).toBe('webhook_not_https');
    expect(refusal('https://10.0.0.5/hook', locally)).toBe('webhook_private_address');
    expect(refusal('http://10.0.0.5/hook', locally)).toBe('webhook_not_https');
  });

  it('judges resolved addresses as it judges written ones', () => {
    expect(isPublicAddress('93.184.216.34', inAws)).toBe(true);
    expect(isPublicAddress('10.0.0.1', inAws)).toBe(false);
    expect(isPublicAddress('::ffff:127.0.0.1', inAws)).toBe(false);
    expect(isPublicAddress('127.0.0.1', locally)).toBe(true);
    expect(isPublicAddress('192.168.0.1', locally)).toBe(false);
    expect(isPublicAddress('not-an-address', inAws)).toBe(false);
  });
});

describe('webhook signatures', () => {
  const secret = webhookSecret('k'.repeat(40), 'WATER', 'sub-1');
  const body = '{"id":"r.0001"}';
  const now = new Date('2026-12-08T10:00:00Z');
  const t = Math.floor(now.getTime() / 1000);

  it('verifies what it signed, and nothing altered', () => {
    const header = webhookSignature(secret, t, body);
    expect(header).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret, header, body, now })).toBe(true);
    expect(verifyWebhookSignature({ secret, header, body: `${body} `, now })).toBe(false);
    expect(verifyWebhookSignature({ secret: `${secret}x`, header, body, now })).toBe(false);
    expect(
      verifyWebhookSignature({ secret, header: header.replace(`t=${t}`, `t=${t + 1}`), body, now }),
    ).toBe(false);
  });

  it('refuses an old signature replayed later', () => {
    const header = webhookSignature(secret, t - 3600, body);
    expect(verifyWebhookSignature({ secret, header, body, now })).toBe(false);
  });

  it('derives a different secret per agency and per registration', () => {
    const key = 'k'.repeat(40);
    expect(webhookSecret(key, 'WATER', 'sub-1')).not.toBe(webhookSecret(key, 'POWER', 'sub-1'));
    expect(webhookSecret(key, 'WATER', 'sub-1')).not.toBe(webhookSecret(key, 'WATER', 'sub-2'));
    expect(webhookSecret(key, 'WATER', 'sub-1')).toBe(webhookSecret(key, 'WATER', 'sub-1'));
  });
});

describe('webhook retries', () => {
  it('waits longer after each failure, up to what SQS can delay', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 30].map(retryDelaySeconds);
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThanOrEqual(delays[i - 1] as number);
    expect(delays[0]).toBeLessThanOrEqual(10);
    expect(Math.max(...delays)).toBeLessThanOrEqual(900);
  });

  it('keeps trying for a day from the start of the round', () => {
    const start = new Date('2026-12-08T00:00:00Z');
    const round = { roundStartedAt: start.toISOString() };
    expect(mayRetry(round, new Date(start.getTime() + WEBHOOK_RETRY_WINDOW_MS - 1000))).toBe(true);
    expect(mayRetry(round, new Date(start.getTime() + WEBHOOK_RETRY_WINDOW_MS + 1000))).toBe(false);
  });

  it('names deliveries so that versions sort in order', () => {
    expect(deliveryIdOf('01J', 2) < deliveryIdOf('01J', 10)).toBe(true);
  });
});
