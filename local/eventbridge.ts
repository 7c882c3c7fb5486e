import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT, LOCAL_REGION } from './cloudformation/intrinsics.ts';

/**
 * EventBridge rules with event patterns (the template's AWS::Events::Rule without a schedule):
 * an event matching a rule goes to its Lambda targets, retried as the target's RetryPolicy says
 * and then sent to its dead-letter queue, as EventBridge does for asynchronous invocations.
 */
export interface EventRule {
  id: string;
  pattern: Record<string, unknown>;
  targets: Array<{ functionId: string; retryAttempts: number; deadLetterQueueUrl: string | null }>;
}

export type AwsEvent = { source: string; 'detail-type': string; detail: Record<string, unknown> };

/** EventBridge's matching for the patterns Pasokh uses: each field one of the listed values. */
export function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) return pattern.some((p) => p === value);
  if (pattern && typeof pattern === 'object') {
    if (!value || typeof value !== 'object') return false;
    return Object.entries(pattern).every(([key, sub]) =>
      matches(sub, (value as Record<string, unknown>)[key]),
    );
  }
  return pattern === value;
}

export class LocalEventBridge {
  private readonly rules: readonly EventRule[];
  private readonly invoke: (functionId: string, event: unknown) => Promise<unknown>;
  private readonly deadLetter: (queueUrl: string, body: string) => Promise<void>;
  private readonly onError: (error: unknown) => void;
  private readonly retryDelayMs: number;

  constructor(options: {
    rules: readonly EventRule[];
    invoke: (functionId: string, event: unknown) => Promise<unknown>;
    deadLetter: (queueUrl: string, body: string) => Promise<void>;
    onError: (error: unknown) => void;
    /** First delay between retries, doubled each time (EventBridge backs off up to minutes). */
    retryDelayMs?: number;
  }) {
    this.rules = options.rules;
    this.invoke = options.invoke;
    this.deadLetter = options.deadLetter;
    this.onError = options.onError;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
  }

  /** Delivers `event` to every matching rule's targets, in the background. */
  publish(event: AwsEvent): void {
    const full = {
      version: '0',
      id: randomUUID(),
      account: LOCAL_ACCOUNT,
      region: LOCAL_REGION,
      time: new Date().toISOString(),
      resources: [],
      ...event,
    };
    const { version: _v, id: _id, account: _a, region: _r, time: _t, resources: _res, ...matchable } = full;
    for (const rule of this.rules) {
      if (!matches(rule.pattern, matchable)) continue;
      for (const target of rule.targets) void this.deliver(target, full).catch(this.onError);
    }
  }

  private async deliver(target: EventRule['targets'][number], event: object): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.invoke(target.functionId, event);
        return;
      } catch (error) {
        if (attempt >= target.retryAttempts) {
          if (target.deadLetterQueueUrl)
            await this.deadLetter(target.deadLetterQueueUrl, JSON.stringify(event));
          else this.onError(error);
          return;
        }
        await new Promise((resolve) =>
          setTimeout(resolve, Math.min(60_000, this.retryDelayMs * 2 ** attempt)),
        );
      }
    }
  }
}
