import { randomUUID } from 'node:crypto';
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Context } from 'aws-lambda';

/**
 * One Lambda execution environment: a worker thread with its own `process.env` (exactly the
 * function's variables), its own module state and SDK clients, running one invocation at a time.
 * The entry module is imported once, at start, as Lambda runs a function's init.
 */
export interface SandboxData {
  entryUrl: string;
  functionName: string;
  functionArn: string;
  memorySize: number;
  /** Run at a lower CPU priority: nobody waits for its answer. */
  background: boolean;
}

export type SandboxRequest = { id: number; event: string; deadline: number };
export type SandboxMessage =
  | { type: 'ready' }
  | { type: 'init-error'; name: string; message: string }
  | { type: 'result'; id: number; result: string | null }
  | { type: 'error'; id: number; name: string; message: string };

const BACKGROUND_NICE = 10;

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const data = workerData as SandboxData;
const port = parentPort;
if (!port) throw new Error('local/lambda/sandbox.ts runs as a worker thread');
const post = (message: SandboxMessage) => port.postMessage(message);
const describe = (error: unknown) => ({
  name: error instanceof Error ? error.name : 'Error',
  message: error instanceof Error ? error.message : String(error),
});

// In AWS every execution environment has its own CPU share; here all of them share this
// machine's cores. Background environments (queues, workflow steps, schedules) yield the CPU to
// the ones a person is waiting on, as they would not compete at all in AWS. Linux gives each
// thread its own nice value; elsewhere this is a no-op.
if (data.background && process.platform === 'linux') {
  try {
    const thread = Number(readlinkSync('/proc/thread-self').split('/').pop());
    setPriority(thread, BACKGROUND_NICE);
  } catch {
    // Not permitted or not Linux-like: run at normal priority.
  }
}

let handler: Handler;
try {
  const module = (await import(data.entryUrl)) as { handler?: Handler };
  if (typeof module.handler !== 'function') throw new Error(`${data.entryUrl} exports no handler`);
  handler = module.handler;
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'init-error', ...describe(error) });
  process.exit(1);
}

port.on('message', async ({ id, event, deadline }: SandboxRequest) => {
  const context = {
    callbackWaitsForEmptyEventLoop: true,
    functionName: data.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: data.functionArn,
    memoryLimitInMB: String(data.memorySize),
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${data.functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  } satisfies Context;
  try {
    const result = await handler(JSON.parse(event), context);
    // JSON, as the Lambda service serializes results.
    post({ type: 'result', id, result: result === undefined ? null : JSON.stringify(result) });
  } catch (error) {
    post({ type: 'error', id, ...describe(error) });
  }
});
