import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { localArn } from '../cloudformation/intrinsics.ts';

export interface LocalFunction {
  logicalId: string;
  /** Entry file relative to the repository root (the function's `pasokh:entry` metadata). */
  entry: string;
  timeoutSeconds: number;
  memorySize: number;
}

/** An error a handler threw, carrying its name as Lambda reports it (errorType). */
export class LambdaInvocationError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/**
 * Lambda in-process: each function's entry module is imported once (its init runs once, as in
 * a warm container) and invoked with a Lambda-shaped context and its timeout.
 */
export class LocalLambdaRuntime {
  private readonly functions: Map<string, LocalFunction>;
  private readonly handlers = new Map<string, Promise<Handler>>();
  private readonly repoRoot: string;

  constructor(functions: LocalFunction[], repoRoot: string) {
    this.functions = new Map(functions.map((f) => [f.logicalId, f]));
    this.repoRoot = repoRoot;
  }

  has(logicalId: string): boolean {
    return this.functions.has(logicalId);
  }

  list(): LocalFunction[] {
    return [...this.functions.values()];
  }

  /** Imports every handler now, so init errors show at start-up rather than at first use. */
  async warmUp(): Promise<void> {
    await Promise.all([...this.functions.keys()].map((id) => this.handler(id)));
  }

  private handler(logicalId: string): Promise<Handler> {
    let loaded = this.handlers.get(logicalId);
    if (!loaded) {
      const fn = this.functions.get(logicalId);
      if (!fn) throw new Error(`no local function ${logicalId}`);
      loaded = import(pathToFileURL(join(this.repoRoot, fn.entry)).href).then(
        (module: { handler?: Handler }) => {
          if (typeof module.handler !== 'function') throw new Error(`${fn.entry} exports no handler`);
          return module.handler;
        },
      );
      this.handlers.set(logicalId, loaded);
    }
    return loaded;
  }

  async invoke(logicalId: string, event: unknown): Promise<unknown> {
    const fn = this.functions.get(logicalId);
    if (!fn) throw new Error(`no local function ${logicalId}`);
    const handler = await this.handler(logicalId);
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const context = {
      callbackWaitsForEmptyEventLoop: true,
      functionName: logicalId,
      functionVersion: '$LATEST',
      invokedFunctionArn: localArn.lambda(logicalId),
      memoryLimitInMB: String(fn.memorySize),
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${logicalId}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: () => undefined,
      fail: () => undefined,
      succeed: () => undefined,
    } satisfies Context;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new LambdaInvocationError(
              'Sandbox.Timedout',
              `Task timed out after ${fn.timeoutSeconds} seconds`,
            ),
          ),
        fn.timeoutSeconds * 1000,
      );
    });
    try {
      // A JSON round trip, as the Lambda service serializes events and results.
      const result = await Promise.race([
        handler(JSON.parse(JSON.stringify(event ?? null)), context),
        timeout,
      ]);
      return result === undefined ? null : JSON.parse(JSON.stringify(result));
    } catch (error) {
      if (error instanceof LambdaInvocationError) throw error;
      const name = error instanceof Error ? error.name : 'Error';
      const message = error instanceof Error ? error.message : String(error);
      throw new LambdaInvocationError(name, message);
    } finally {
      clearTimeout(timer);
    }
  }
}
