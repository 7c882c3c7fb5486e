import { performance } from 'node:perf_hooks';

/**
 * A bounded load driver for loopback: `count` requests from `clients` concurrent clients, each
 * client sending its next request when the last one answered (closed loop, as 32 browsers or
 * scanning stations would), stopping at `deadlineMs` whatever is left. With `ratePerSecond`,
 * request i is not sent before i / rate seconds: an offered rate, as a crowd arrives. Written here rather than
 * with autocannon because each request's body differs (a mass petition, mixed channels) and the
 * run must report per-request outcomes, not only rates.
 */
export interface DriveResult {
  sent: number;
  answered: number;
  byStatus: Record<string, number>;
  seconds: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

export async function drive<T>(options: {
  count: number;
  clients: number;
  deadlineMs?: number;
  ratePerSecond?: number;
  /** Sends request `i` from client `client` (0 to clients - 1). */
  send: (i: number, client: number) => Promise<{ status: number; value?: T }>;
  onAnswer?: (i: number, status: number, value: T | undefined) => void;
}): Promise<DriveResult> {
  const started = performance.now();
  const deadline = started + (options.deadlineMs ?? 120_000);
  const latencies: number[] = [];
  const byStatus: Record<string, number> = {};
  let next = 0;
  let sent = 0;
  const client = async (id: number) => {
    while (next < options.count && performance.now() < deadline) {
      const i = next++;
      if (options.ratePerSecond) {
        const due = started + (i * 1000) / options.ratePerSecond;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
      sent++;
      const t = performance.now();
      let status = 0;
      let value: T | undefined;
      try {
        ({ status, value } = await options.send(i, id));
      } catch {
        status = 0; // no answer: a network error
      }
      latencies.push(performance.now() - t);
      byStatus[status] = (byStatus[status] ?? 0) + 1;
      options.onAnswer?.(i, status, value);
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, id) => client(id)));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    sent,
    answered: latencies.length,
    byStatus,
    seconds: Math.round(seconds * 100) / 100,
    requestsPerSecond: Math.round((latencies.length / seconds) * 10) / 10,
    p50Ms: Math.round(percentile(latencies, 50)),
    p99Ms: Math.round(percentile(latencies, 99)),
  };
}
