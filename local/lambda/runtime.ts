import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { localArn } from '../cloudformation/intrinsics.ts';
import type { SandboxData, SandboxMessage, SandboxRequest } from './sandbox.ts';

export interface LocalFunction {
  logicalId: string;
  /** Entry file relative to the repository root (the function's `pasokh:entry` metadata). */
  entry: string;
  timeoutSeconds: number;
  memorySize: number;
  /** The function's reserved concurrency, when the template sets one. */
  reservedConcurrency?: number;
  /** Behind the API: a person waits for its answer (else it runs from a queue, workflow or schedule). */
  interactive?: boolean;
  /** Exactly the variables the function's execution environment has. */
  environment: Record<string, string>;
  /** Packages installed beside the function's bundle instead of bundled. */
  installedModules?: string[];
  /** The function bundled into one file (local/lambda/bundle.ts); else its entry runs as source. */
  bundle?: string;
}

/** An error a handler threw, carrying its name as Lambda reports it (errorType). */
export class LambdaInvocationError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** Execution environments per function without reserved concurrency: this machine's share of an account's. */
export const LOCAL_FUNCTION_CONCURRENCY = 8;

const SANDBOX = new URL('./sandbox.ts', import.meta.url);

/** One execution environment: a worker thread running one invocation at a time. */
class Sandbox {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private next = 0;
  readonly ready: Promise<void>;
  dead = false;

  constructor(fn: LocalFunction, repoRoot: string) {
    const data: SandboxData = {
      entryUrl: pathToFileURL(fn.bundle ?? join(repoRoot, fn.entry)).href,
      functionName: fn.logicalId,
      functionArn: localArn.lambda(fn.logicalId),
      memorySize: fn.memorySize,
      background: !fn.interactive,
    };
    this.worker = new Worker(SANDBOX, {
      workerData: data,
      env: fn.environment,
      resourceLimits: { maxOldGenerationSizeMb: fn.memorySize },
    });
    this.worker.unref();
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (message: SandboxMessage) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'init-error')
          reject(new LambdaInvocationError('Runtime.InitError', `${message.name}: ${message.message}`));
        else this.settle(message);
      });
      const fail = (error: Error) => {
        this.dead = true;
        reject(error);
        for (const { reject: rejectOne } of this.pending.values()) rejectOne(error);
        this.pending.clear();
      };
      this.worker.on('error', (error) =>
        fail(new LambdaInvocationError('Runtime.ExitError', `${error.name}: ${error.message}`)),
      );
      this.worker.on('exit', (code) =>
        fail(new LambdaInvocationError('Runtime.ExitError', `execution environment exited (${code})`)),
      );
    });
    // Awaited by whoever invokes; a failed init must not also surface as an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  private settle(message: Extract<SandboxMessage, { type: 'result' | 'error' }>) {
    const waiting = this.pending.get(message.id);
    if (!waiting) return;
    this.pending.delete(message.id);
    if (message.type === 'result')
      waiting.resolve(message.result === null ? null : JSON.parse(message.result));
    else waiting.reject(new LambdaInvocationError(message.name, message.message));
  }

  invoke(event: string, deadline: number): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, event, deadline } satisfies SandboxRequest);
    });
  }

  async stop(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }
}

/** A function's execution environments: started on demand up to its concurrency, reused warm. */
class FunctionPool {
  private readonly idle: Sandbox[] = [];
  private readonly all = new Set<Sandbox>();
  private readonly queue: Array<() => void> = [];

  readonly fn: LocalFunction;
  private readonly repoRoot: string;
  private readonly concurrency: number;

  constructor(fn: LocalFunction, repoRoot: string, concurrency: number) {
    this.fn = fn;
    this.repoRoot = repoRoot;
    this.concurrency = concurrency;
  }

  /** A free environment; beyond the concurrency, invocations wait their turn (Lambda's throttle). */
  private async acquire(): Promise<Sandbox> {
    for (;;) {
      const warm = this.idle.pop();
      if (warm && !warm.dead) return warm;
      if (warm) continue;
      if (this.all.size < this.concurrency) {
        const sandbox = new Sandbox(this.fn, this.repoRoot);
        this.all.add(sandbox);
        try {
          await sandbox.ready;
        } catch (error) {
          this.all.delete(sandbox);
          throw error;
        }
        return sandbox;
      }
      await new Promise<void>((resolve) => this.queue.push(resolve));
    }
  }

  private release(sandbox: Sandbox) {
    if (sandbox.dead) this.all.delete(sandbox);
    else this.idle.push(sandbox);
    this.queue.shift()?.();
  }

  async warmUp(): Promise<void> {
    this.release(await this.acquire());
  }

  async invoke(event: unknown, onStart?: () => void): Promise<unknown> {
    const sandbox = await this.acquire();
    onStart?.();
    const timeoutMs = this.fn.timeoutSeconds * 1000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        // Lambda ends the environment of a timed-out invocation; the next one starts cold.
        void sandbox.stop();
        reject(
          new LambdaInvocationError(
            'Sandbox.Timedout',
            `Task timed out after ${this.fn.timeoutSeconds} seconds`,
          ),
        );
      }, timeoutMs);
    });
    try {
      return await Promise.race([
        sandbox.invoke(JSON.stringify(event ?? null), Date.now() + timeoutMs),
        timeout,
      ]);
    } catch (error) {
      if (error instanceof LambdaInvocationError) throw error;
      throw new LambdaInvocationError(
        error instanceof Error ? error.name : 'Error',
        error instanceof Error ? error.message : String(error),
      );
    } finally {
      clearTimeout(timer);
      this.release(sandbox);
    }
  }

  get environments(): number {
    return this.all.size;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.all].map((sandbox) => sandbox.stop()));
    this.all.clear();
    this.idle.length = 0;
  }
}

/**
 * Lambda on one machine, the way Lambda runs functions: each function in its own execution
 * environments (worker threads), each with exactly the function's environment variables, its own
 * module state and clients and its memory as heap limit, one invocation at a time per
 * environment, at most the function's reserved concurrency (else LOCAL_FUNCTION_CONCURRENCY)
 * at once; a timed-out invocation's environment is discarded.
 */
export class LocalLambdaRuntime {
  private readonly pools: Map<string, FunctionPool>;

  constructor(functions: LocalFunction[], repoRoot: string, concurrency = LOCAL_FUNCTION_CONCURRENCY) {
    this.pools = new Map(
      functions.map((f) => [
        f.logicalId,
        new FunctionPool(f, repoRoot, f.reservedConcurrency ?? concurrency),
      ]),
    );
  }

  has(logicalId: string): boolean {
    return this.pools.has(logicalId);
  }

  list(): LocalFunction[] {
    return [...this.pools.values()].map((pool) => pool.fn);
  }

  /** Starts one environment per function now, so init errors show at start-up rather than at first use. */
  async warmUp(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.warmUp()));
  }

  /** Execution environments running, per function. */
  environments(): Record<string, number> {
    return Object.fromEntries([...this.pools].map(([id, pool]) => [id, pool.environments]));
  }

  /** Invokes the function; `onStart` is told when an environment takes the event (after any throttle wait). */
  async invoke(logicalId: string, event: unknown, onStart?: () => void): Promise<unknown> {
    const pool = this.pools.get(logicalId);
    if (!pool) throw new Error(`no local function ${logicalId}`);
    return pool.invoke(event, onStart);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.stop()));
  }
}
