import { Agent, fetch, type RequestInit, type Response } from 'undici';

const agents = new Map<number, Agent>();

/**
 * `fetch` from viewer `n`'s own address. All of 127.0.0.0/8 is loopback, so each simulated
 * citizen connects from 127.1.x.y and the local WAF counts it separately, as AWS WAF counts
 * citizens on their own networks; 127.0.0.1 stays the address of everything else in a test.
 */
export function fetchAs(n: number): (url: string, init?: RequestInit) => Promise<Response> {
  let agent = agents.get(n);
  if (!agent) {
    agent = new Agent({
      localAddress: `127.1.${Math.floor(n / 250)}.${(n % 250) + 1}`,
      keepAliveTimeout: 30_000,
    });
    agents.set(n, agent);
  }
  const dispatcher = agent;
  return (url, init) => fetch(url, { ...init, dispatcher });
}

/** Closes every viewer's connections. */
export async function closeViewers(): Promise<void> {
  await Promise.all([...agents.values()].map((a) => a.close()));
  agents.clear();
}
