import { randomUUID } from 'node:crypto';
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
}

export type SandboxRequest = { id: number; event: string; deadline: number };
export type SandboxMessage =
  | { type: 'ready' }
  | { type: 'init-error'; name: string; message: string }
  | { type: 'result'; id: number; result: string | null }
  | { type: 'error'; id: number; name: string; message: string };

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const data = workerData as SandboxData;
const port = parentPort;
if (!port) throw new Error('local/lambda/sandbox.ts runs as a worker thread');
const post = (message: SandboxMessage) => port.postMessage(message);
const describe = (error: unknown) => ({
  name: error instanceof Error ? error.name : 'Error',
  message: error instanceof Error ? error.message : String(error),
});

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
