import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../infra/constructs/pasokh-function.ts';
import { type LocalFunction, LocalLambdaRuntime } from '../../../local/lambda/runtime.ts';

const probe = (overrides: Partial<LocalFunction> = {}): LocalFunction => ({
  logicalId: 'Probe',
  entry: 'tests/fixtures/functions/probe.ts',
  timeoutSeconds: 5,
  memorySize: 128,
  environment: { PROBE_NAME: 'probe' },
  ...overrides,
});

let runtime: LocalLambdaRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

type ProbeResult = {
  name: string;
  variable: string | null;
  invocations: number;
  concurrentInThisEnvironment: number;
};

describe('the local Lambda runtime', () => {
  it('gives a function exactly its own variables, not the local cloud’s', async () => {
    process.env.PASOKH_PROBE_LEAK = 'from the local cloud';
    try {
      runtime = new LocalLambdaRuntime([probe()], REPO_ROOT);
      const result = (await runtime.invoke('Probe', { variable: 'PASOKH_PROBE_LEAK' })) as ProbeResult;
      expect(result).toMatchObject({ name: 'probe', variable: null });
    } finally {
      delete process.env.PASOKH_PROBE_LEAK;
    }
  });

  it('fails a function whose template lacks a variable it needs, at init', async () => {
    runtime = new LocalLambdaRuntime([probe({ environment: {} })], REPO_ROOT);
    await expect(runtime.invoke('Probe', {})).rejects.toMatchObject({
      name: 'Runtime.InitError',
      message: expect.stringContaining('PROBE_NAME'),
    });
  });

  it('runs one invocation at a time per environment, at most its reserved concurrency at once, the rest waiting', async () => {
    runtime = new LocalLambdaRuntime([probe({ reservedConcurrency: 2 })], REPO_ROOT);
    const results = (await Promise.all(
      Array.from({ length: 6 }, () => runtime?.invoke('Probe', { sleepMs: 100 })),
    )) as ProbeResult[];
    expect(results.every((r) => r.concurrentInThisEnvironment === 1)).toBe(true);
    expect(runtime.environments()).toEqual({ Probe: 2 });
    // Two cold starts; after them, warm environments keep their module state and count on.
    expect(results.filter((r) => r.invocations === 1)).toHaveLength(2);
    expect(Math.max(...results.map((r) => r.invocations))).toBeGreaterThan(1);
  });

  it('ends a timed-out invocation’s environment; the next invocation starts cold', async () => {
    runtime = new LocalLambdaRuntime([probe({ timeoutSeconds: 1 })], REPO_ROOT);
    await runtime.invoke('Probe', {});
    await expect(runtime.invoke('Probe', { sleepMs: 3000 })).rejects.toMatchObject({
      name: 'Sandbox.Timedout',
    });
    const after = (await runtime.invoke('Probe', {})) as ProbeResult;
    expect(after.invocations).toBe(1);
    // Two cold starts of a function process and a 1 s timeout: more than the default 5 s on a
    // machine whose two cores are busy with other test files.
  }, 30_000);
});
