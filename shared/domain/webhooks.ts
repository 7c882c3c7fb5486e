import { createHmac, timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';
import { ValidationError } from './errors.ts';
import { message } from './messages.ts';

/**
 * Webhooks (SPEC §5): an agency's system is told of each new referral and each change at an
 * HTTPS address it registered, signed so it can tell Pasokh's calls from anyone's.
 */

/** What an agency registers: where its system listens. */
export const WebhookSubscriptionInputSchema = z.strictObject({ url: z.string().trim().min(1).max(2048) });

export interface WebhookSubscription {
  agencyId: string;
  /** New with each registration: the signing secret is derived from it, so re-registering rotates it. */
  subscriptionId: string;
  url: string;
  createdAt: string;
}

export const WEBHOOK_DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'FAILED'] as const;
export const WebhookDeliveryStatusSchema = z.enum(WEBHOOK_DELIVERY_STATUSES);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatusSchema>;

/** One change told to one agency: retried until delivered or a day has passed, replayable after. */
export interface WebhookDelivery {
  agencyId: string;
  /** `<referralId>.<version, 4 digits>`: one delivery per version of a referral, in order. */
  deliveryId: string;
  referralId: string;
  version: number;
  eventType: WebhookEventType;
  /** The JSON sent, the same on every attempt; only the signature's timestamp changes. */
  body: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  createdAt: string;
  /** When the current round of attempts began: the first try, or the last replay. */
  roundStartedAt: string;
  lastAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: string | null;
}

export const WEBHOOK_EVENT_TYPES = ['referral.created', 'referral.changed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const deliveryIdOf = (referralId: string, version: number) =>
  `${referralId}.${String(version).padStart(4, '0')}`;

/** The first version of a referral is its creation; every later one a change. */
export const eventTypeOf = (version: number): WebhookEventType =>
  version === 1 ? 'referral.created' : 'referral.changed';

/** Attempts stop this long after a round began; the delivery is then FAILED, and may be replayed. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 60 * 60 * 1000;

/** A receiver that has not answered by then counts as failed for that attempt. */
export const WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * Seconds before the next attempt after `attempts` failed ones: 5 s, 15 s, 45 s … tripling up
 * to 15 minutes (the longest an SQS message can be delayed), then every 15 minutes.
 */
export function retryDelaySeconds(attempts: number): number {
  return Math.min(900, 5 * 3 ** Math.max(0, attempts - 1));
}

/** Whether another attempt fits in the round's window. */
export function mayRetry(delivery: Pick<WebhookDelivery, 'roundStartedAt'>, now: Date): boolean {
  return now.getTime() - Date.parse(delivery.roundStartedAt) < WEBHOOK_RETRY_WINDOW_MS;
}

/**
 * Addresses a webhook may never reach: this host, private networks, link-local (the cloud's
 * instance metadata), carrier-grade NAT, multicast and the reserved ranges.
 */
const PRIVATE_RANGES = (() => {
  // Two lists: Node's BlockList matches IPv4 addresses against IPv6 rules that embed IPv4.
  const v4 = new BlockList();
  const v6 = new BlockList();
  for (const [network, prefix] of [
    ['0.0.0.0', 8],
    ['10.0.0.0', 8],
    ['100.64.0.0', 10],
    ['127.0.0.0', 8],
    ['169.254.0.0', 16],
    ['172.16.0.0', 12],
    ['192.0.0.0', 24],
    ['192.0.2.0', 24],
    ['192.168.0.0', 16],
    ['198.18.0.0', 15],
    ['198.51.100.0', 24],
    ['203.0.113.0', 24],
    ['224.0.0.0', 3],
  ] as const) {
    v4.addSubnet(network, prefix, 'ipv4');
  }
  for (const [network, prefix] of [
    ['::', 128],
    ['::1', 128],
    ['64:ff9b::', 96],
    ['100::', 64],
    ['2001:db8::', 32],
    ['fc00::', 7],
    ['fe80::', 10],
    ['ff00::', 8],
  ] as const) {
    v6.addSubnet(network, prefix, 'ipv6');
  }
  return { ipv4: v4, ipv6: v6 };
})();

const LOOPBACK = (() => {
  const list = new BlockList();
  list.addSubnet('127.0.0.0', 8, 'ipv4');
  list.addAddress('::1', 'ipv6');
  return list;
})();

/** Names that only ever mean something inside a network. */
const INTERNAL_NAME = /(^|\.)(localhost|local|internal|intranet|lan|home|corp|localdomain)$/i;

/** Where webhooks may go. In AWS, public HTTPS only; the local cloud also allows loopback HTTP. */
export interface WebhookTargetPolicy {
  /** For the local cloud: agencies' test receivers on this machine. */
  allowLoopback: boolean;
}

/** The IPv4 address inside an IPv4-mapped IPv6 one (`::ffff:10.0.0.1`, or as URLs write it `::ffff:a00:1`). */
function mappedIpv4(address: string): string | null {
  const match = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!match) return null;
  if (match[1]) return match[1];
  const high = Number.parseInt(match[2] ?? '0', 16);
  const low = Number.parseInt(match[3] ?? '0', 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Whether an IP address (v4 or v6) is one a webhook may be sent to. */
export function isPublicAddress(address: string, policy: WebhookTargetPolicy): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  if (policy.allowLoopback && LOOPBACK.check(address, type)) return true;
  const mapped = mappedIpv4(address);
  // An IPv4 address written as IPv6 is judged as the IPv4 address it is.
  if (mapped) return isPublicAddress(mapped, policy);
  return !PRIVATE_RANGES[type].check(address, type);
}

/**
 * A webhook URL as registered: HTTPS, with a host that is not a private address or an internal
 * name. (Names are resolved again when each call is made, so a name that later resolves to a
 * private address is refused then.) Throws a ValidationError naming the problem.
 */
export function checkWebhookUrl(raw: string, policy: WebhookTargetPolicy): URL {
  const refuse = (code: 'webhook_not_https' | 'webhook_private_address' | 'invalid_input') =>
    new ValidationError([{ path: 'url', code, message: message(code) }]);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse('invalid_input');
  }
  if (url.username || url.password) throw refuse('invalid_input');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const loopbackHttp =
    policy.allowLoopback &&
    url.protocol === 'http:' &&
    (host === 'localhost' || (isIP(host) !== 0 && LOOPBACK.check(host, isIP(host) === 4 ? 'ipv4' : 'ipv6')));
  if (url.protocol !== 'https:' && !loopbackHttp) throw refuse('webhook_not_https');
  if (loopbackHttp) return url;
  if (isIP(host) !== 0) {
    if (!isPublicAddress(host, policy)) throw refuse('webhook_private_address');
  } else if (INTERNAL_NAME.test(host) || !host.includes('.')) {
    throw refuse('webhook_private_address');
  }
  return url;
}

/**
 * The signature header: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. Signing the
 * timestamp with the body lets a receiver refuse old calls replayed by someone else.
 */
export function webhookSignature(secret: string, timestamp: number, body: string): string {
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${mac}`;
}

/**
 * What a receiver does with the header: recompute, compare in constant time, and refuse a
 * timestamp older than `toleranceSeconds`. Here for agencies' developers to read and for tests.
 */
export function verifyWebhookSignature(input: {
  secret: string;
  header: string;
  body: string;
  now: Date;
  toleranceSeconds?: number;
}): boolean {
  const parts = Object.fromEntries(
    input.header.split(',').map((part) => part.trim().split('=', 2) as [string, string]),
  );
  const timestamp = Number(parts.t);
  if (!Number.isInteger(timestamp) || !parts.v1) return false;
  if (Math.abs(input.now.getTime() / 1000 - timestamp) > (input.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(webhookSignature(input.secret, timestamp, input.body).split('v1=')[1] ?? '');
  const given = Buffer.from(parts.v1);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
