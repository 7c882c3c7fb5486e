import { inject } from 'vitest';

/** Small HTTP helpers for tests that drive the local cloud as clients do. */
export function cloudUrl(): string {
  return inject('cloud').url;
}

export async function call(
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; headers?: Record<string, string>; base?: string } = {},
  // biome-ignore lint/suspicious/noExplicitAny: response bodies are arbitrary JSON that tests assert on field by field
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${options.base ?? cloudUrl()}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

let counter = 0;
/** A valid mobile number no other test uses, so a test can find exactly its own tickets. */
export function uniqueMobile(): string {
  counter++;
  const tail = String((Date.now() % 1_000_000) * 100 + (counter % 100))
    .padStart(8, '0')
    .slice(-8);
  return `091${tail}`;
}
