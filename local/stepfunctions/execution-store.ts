import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface HistoryEvent {
  id: number;
  timestamp: string;
  type: string;
  details: Record<string, unknown>;
}

/** An execution as the local Step Functions keeps it, enough to describe it and to resume it. */
export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  input: string;
  status: ExecutionStatus;
  startDate: string;
  stopDate?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** The state the execution is in, with its raw input, so a restart can resume it there. */
  current?: {
    stateName: string;
    input: unknown;
    enteredAt: string;
    /** A waitForTaskToken state's token and deadline, kept so the same token works after a restart. */
    token?: string;
    invoked?: boolean;
    deadline?: string;
    /** Set when the entry is recorded, cleared when its task starts (orders the two). */
    fresh?: boolean;
  };
  history: HistoryEvent[];
  /** Times the execution was redriven. */
  redriveCount?: number;
  /** Where a failed execution stopped, with that state's input: a redrive restarts there. */
  failedState?: { stateName: string; input: unknown };
}

/**
 * Executions on disk, one JSON file each, written atomically (temp file, then rename) and one
 * write at a time per execution, so a kill at any moment leaves the last complete state.
 */
export class ExecutionStore {
  private readonly dir: string;
  private readonly records = new Map<string, ExecutionRecord>();
  private readonly byName = new Map<string, string>();
  private readonly writes = new Map<string, Promise<void>>();
  private readonly queued = new Map<string, Promise<void>>();

  constructor(dir: string) {
    this.dir = dir;
    mkdirSync(dir, { recursive: true });
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const record = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ExecutionRecord;
      this.index(record);
    }
  }

  private index(record: ExecutionRecord): void {
    this.records.set(record.executionArn, record);
    this.byName.set(`${record.stateMachineArn}|${record.name}`, record.executionArn);
  }

  get(executionArn: string): ExecutionRecord | undefined {
    return this.records.get(executionArn);
  }

  findByName(stateMachineArn: string, name: string): ExecutionRecord | undefined {
    const arn = this.byName.get(`${stateMachineArn}|${name}`);
    return arn ? this.records.get(arn) : undefined;
  }

  list(stateMachineArn: string): ExecutionRecord[] {
    return [...this.records.values()].filter((r) => r.stateMachineArn === stateMachineArn);
  }

  running(): ExecutionRecord[] {
    return [...this.records.values()].filter((r) => r.status === 'RUNNING');
  }

  /**
   * Persists the record's current state; resolves when it is on disk. A write that is queued and
   * not yet started takes the record as it is when it starts, so saves made meanwhile share it:
   * an execution's burst of events costs a few writes, not one each.
   */
  save(record: ExecutionRecord): Promise<void> {
    this.index(record);
    const queued = this.queued.get(record.executionArn);
    if (queued) return queued;
    const file = join(this.dir, `${encodeURIComponent(record.name)}.json`);
    const previous = this.writes.get(record.executionArn) ?? Promise.resolve();
    const next = previous.then(async () => {
      this.queued.delete(record.executionArn);
      const tmp = `${file}.tmp`;
      await writeFile(tmp, JSON.stringify(record));
      await rename(tmp, file);
    });
    this.queued.set(record.executionArn, next);
    const settled = next.catch(() => undefined);
    this.writes.set(record.executionArn, settled);
    return next;
  }

  async flush(): Promise<void> {
    await Promise.all(this.writes.values());
  }

  exists(): boolean {
    return existsSync(this.dir);
  }
}
