import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { isPublicAddress, type WebhookTargetPolicy } from '../domain/webhooks.ts';

/** One signed call to an agency's receiver. */
export interface WebhookCall {
  url: string;
  body: string;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** What the receiver answered, or why there was no answer. */
export type WebhookAnswer =
  | { ok: true; statusCode: number }
  | { ok: false; statusCode: number | null; error: string };

export interface WebhookSender {
  post(call: WebhookCall): Promise<WebhookAnswer>;
}

/** Bytes of a receiver's answer read before the connection is dropped: the status is what counts. */
const MAX_ANSWER_BYTES = 4096;

/**
 * POSTs with Node's own HTTP client rather than fetch: its `lookup` hook checks every address the
 * name resolves to at connection time, so a name that resolves to a private address (or starts
 * to, after registration) is never connected to. Redirects are not followed.
 */
export class HttpWebhookSender implements WebhookSender {
  private readonly policy: WebhookTargetPolicy;

  constructor(policy: WebhookTargetPolicy) {
    this.policy = policy;
  }

  post(call: WebhookCall): Promise<WebhookAnswer> {
    const url = new URL(call.url);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    // An address in the URL is connected to without a lookup: it is checked here instead.
    if (isIP(host) !== 0 && !isPublicAddress(host, this.policy)) {
      return Promise.resolve({ ok: false, statusCode: null, error: 'private_address' });
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const lookup: LookupFunction = (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
        if (error) return callback(error, '', 0);
        const list = addresses as unknown as LookupAddress[];
        const refused = list.find((a) => !isPublicAddress(a.address, this.policy));
        if (refused || list.length === 0) {
          return callback(Object.assign(new Error('private_address'), { code: 'EPRIVATE' }), '', 0);
        }
        if ((options as { all?: boolean }).all)
          return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
        const [first] = list as [LookupAddress];
        return callback(null, first.address, first.family);
      });
    };
    return new Promise((resolve) => {
      let settled = false;
      const finish = (answer: WebhookAnswer) => {
        if (settled) return;
        settled = true;
        resolve(answer);
      };
      const req = send(
        url,
        {
          method: 'POST',
          headers: { ...call.headers, 'content-length': Buffer.byteLength(call.body) },
          timeout: call.timeoutMs,
          lookup,
        },
        (res) => {
          const statusCode = res.statusCode ?? 0;
          let read = 0;
          res.on('data', (chunk: Buffer) => {
            read += chunk.length;
            if (read > MAX_ANSWER_BYTES) res.destroy();
          });
          res.on('close', () =>
            finish(
              statusCode >= 200 && statusCode < 300
                ? { ok: true, statusCode }
                : { ok: false, statusCode, error: `http_${statusCode}` },
            ),
          );
          res.on('error', () => undefined);
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
      req.on('error', (error: NodeJS.ErrnoException) =>
        finish({
          ok: false,
          statusCode: null,
          error:
            error.code === 'EPRIVATE' ? 'private_address' : (error.code ?? 'network_error').toLowerCase(),
        }),
      );
      req.end(call.body);
    });
  }
}
