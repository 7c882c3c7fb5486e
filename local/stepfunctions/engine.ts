import { randomBytes } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { AwsServiceError } from '../aws-json-server.ts';
import type { ExecutionRecord, ExecutionStore, HistoryEvent } from './execution-store.ts';

type StateDefinition = {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  [key: string]: unknown;
};
export type Definition = { StartAt: string; States: Record<string, StateDefinition>; [key: string]: unknown };

/** Calls a Lambda function by ARN (the local runtime) and returns its result or throws its error. */
/** Invokes a function; `onStart` is told when it starts running (after waiting out a throttle). */
export type InvokeLambda = (functionArn: string, payload: unknown, onStart?: () => void) => Promise<unknown>;
/** Sends a message to a queue by URL (the local SQS), for `sqs:sendMessage` tasks. */
export type SendMessage = (queueUrl: string, body: string) => Promise<void>;

interface Waiter {
  executionArn: string;
  resolve(output: unknown): void;
  reject(error: Error): void;
}

/** Just under the largest delay setTimeout accepts (2^31 - 1 ms). */
/** Step Functions' timeout for a task that sets none. */
const DEFAULT_TASK_TIMEOUT_SECONDS = 60;
const LIBRARY_BACKSTOP_SECONDS = 2_000_000;
const MAX_TIMER_MS = 2_000_000_000;

const errorNamed = (name: string, message: string): Error => Object.assign(new Error(message), { name });

/** Evaluates the simple reference paths ($.a.b) TimeoutSecondsPath uses. */
function readPath(value: unknown, path: string): unknown {
  return path
    .replace(/^\$\.?/, '')
    .split('.')
    .filter(Boolean)
    .reduce<unknown>(
      (v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined),
      value,
    );
}

/**
 * Standard workflows on one machine: each execution runs the template's definition with
 * aws-local-stepfunctions; this class adds what that library leaves to the service — names,
 * task tokens for `.waitForTaskToken` tasks, the Task timeout deadline, history, and durable
 * executions that resume, after a restart, in the state they were in (with the same token).
 */
export class LocalStepFunctions {
  private readonly machines = new Map<
    string,
    { name: string; definition: Definition; runnable: Definition }
  >();
  private readonly waiters = new Map<string, Waiter>();
  private readonly finishedTokens = new Map<string, 'completed' | 'timed-out'>();
  private readonly aborts = new Map<string, () => void>();
  private readonly store: ExecutionStore;
  private readonly invokeLambda: InvokeLambda;
  private readonly sendMessage: SendMessage;
  private readonly onError: (error: unknown) => void;
  private readonly onStatusChange: (record: ExecutionRecord) => Promise<void>;
  private closing = false;

  constructor(options: {
    store: ExecutionStore;
    invokeLambda: InvokeLambda;
    sendMessage?: SendMessage;
    onError?: (error: unknown) => void;
    /** An execution ended (succeeded, failed, timed out, aborted): EventBridge's status change. */
    onStatusChange?: (record: ExecutionRecord) => Promise<void>;
  }) {
    this.onStatusChange = options.onStatusChange ?? (async () => undefined);
    this.store = options.store;
    this.invokeLambda = options.invokeLambda;
    this.sendMessage =
      options.sendMessage ??
      (async () => {
        throw errorNamed('States.Runtime', 'this local engine has no SQS');
      });
    this.onError = options.onError ?? (() => undefined);
  }

  register(stateMachineArn: string, name: string, definition: Definition): void {
    // Task timeouts are timed here, the library getting only a far backstop: its one setTimeout
    // cannot wait past 24.8 days (an SLA can be longer), and a Lambda task's timeout runs from
    // when the function starts, not while it waits out a throttle (in AWS a throttled invoke is
    // refused at once and retried; the time spent waiting is no attempt's).
    const runnable: Definition = {
      ...definition,
      States: Object.fromEntries(
        Object.entries(definition.States).map(([stateName, state]) => {
          if (state.Type !== 'Task') return [stateName, state];
          const { TimeoutSecondsPath: _path, ...rest } = state;
          return [stateName, { ...rest, TimeoutSeconds: LIBRARY_BACKSTOP_SECONDS }];
        }),
      ),
    };
    this.machines.set(stateMachineArn, { name, definition, runnable });
  }

  /** Resumes every execution that was running when the local cloud stopped. */
  resumeAll(): number {
    const running = this.store.running().filter((r) => this.machines.has(r.stateMachineArn));
    for (const record of running) this.run(record, true);
    return running.length;
  }

  async startExecution(stateMachineArn: string, name: string | undefined, input: string | undefined) {
    const machine = this.machines.get(stateMachineArn);
    if (!machine)
      throw new AwsServiceError(
        'StateMachineDoesNotExist',
        `State machine does not exist: ${stateMachineArn}`,
      );
    const executionName = name ?? randomBytes(16).toString('hex');
    if (!/^[A-Za-z0-9_-]{1,80}$/.test(executionName))
      throw new AwsServiceError('InvalidName', `Invalid Name: ${executionName}`);
    const inputText = input ?? '{}';
    let parsed: unknown;
    try {
      parsed = JSON.parse(inputText);
    } catch {
      throw new AwsServiceError('InvalidExecutionInput', 'Invalid execution input');
    }
    const existing = this.store.findByName(stateMachineArn, executionName);
    if (existing) {
      // As in AWS: the same name and input while running returns the running execution.
      if (existing.status === 'RUNNING' && existing.input === inputText) {
        return { executionArn: existing.executionArn, startDate: Date.parse(existing.startDate) / 1000 };
      }
      throw new AwsServiceError(
        'ExecutionAlreadyExists',
        `Execution Already Exists: '${existing.executionArn}'`,
      );
    }
    const now = new Date().toISOString();
    const record: ExecutionRecord = {
      executionArn: `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${executionName}`,
      stateMachineArn,
      name: executionName,
      input: inputText,
      status: 'RUNNING',
      startDate: now,
      current: { stateName: machine.definition.StartAt, input: parsed, enteredAt: now },
      history: [{ id: 1, timestamp: now, type: 'ExecutionStarted', details: { input: inputText } }],
    };
    // Durable before the caller hears of it, as StartExecution is in AWS.
    await this.store.save(record);
    this.run(record, false);
    return { executionArn: record.executionArn, startDate: Date.parse(now) / 1000 };
  }

  sendTaskSuccess(taskToken: string, output: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(output);
    } catch {
      throw new AwsServiceError('InvalidOutput', 'Invalid task output');
    }
    this.complete(taskToken).resolve(parsed);
  }

  sendTaskFailure(taskToken: string, error: string | undefined, cause: string | undefined): void {
    this.complete(taskToken).reject(errorNamed(error ?? 'States.TaskFailed', cause ?? ''));
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.waiterFor(taskToken);
  }

  /** The state machine whose execution is waiting on `taskToken` (IAM scopes task answers by it). */
  stateMachineOfToken(taskToken: string): string | undefined {
    const executionArn = this.waiters.get(taskToken)?.executionArn;
    return executionArn?.replace(':execution:', ':stateMachine:').replace(/:[^:]+$/, '');
  }

  private waiterFor(taskToken: string): Waiter {
    const waiter = this.waiters.get(taskToken);
    if (waiter) return waiter;
    if (this.finishedTokens.get(taskToken) === 'timed-out')
      throw new AwsServiceError('TaskTimedOut', 'Task Timed Out');
    throw new AwsServiceError('TaskDoesNotExist', 'Task does not exist anymore');
  }

  private complete(taskToken: string): Waiter {
    const waiter = this.waiterFor(taskToken);
    this.waiters.delete(taskToken);
    this.finishedTokens.set(taskToken, 'completed');
    return waiter;
  }

  describeExecution(executionArn: string): ExecutionRecord {
    const record = this.store.get(executionArn);
    if (!record)
      throw new AwsServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${executionArn}'`);
    return record;
  }

  listExecutions(stateMachineArn: string, statusFilter?: string): ExecutionRecord[] {
    if (!this.machines.has(stateMachineArn)) {
      throw new AwsServiceError(
        'StateMachineDoesNotExist',
        `State machine does not exist: ${stateMachineArn}`,
      );
    }
    return this.store
      .list(stateMachineArn)
      .filter((r) => !statusFilter || r.status === statusFilter)
      .sort((a, b) => b.startDate.localeCompare(a.startDate));
  }

  async stopExecution(executionArn: string, error?: string, cause?: string): Promise<string> {
    const record = this.describeExecution(executionArn);
    const now = new Date().toISOString();
    if (record.status === 'RUNNING') {
      this.aborts.get(executionArn)?.();
      this.dropWaiters(executionArn);
      Object.assign(record, {
        status: 'ABORTED',
        stopDate: now,
        error,
        cause,
        failedState: record.current
          ? { stateName: record.current.stateName, input: record.current.input }
          : undefined,
        current: undefined,
      });
      this.addEvent(record, 'ExecutionAborted', { error, cause });
      await this.store.save(record);
      void this.onStatusChange({ ...record, history: [] }).catch(this.onError);
    }
    return now;
  }

  /**
   * Restarts a failed, timed-out or aborted execution at the state where it stopped, with that
   * state's input (RedriveExecution); the name, the ARN and the history carry on.
   */
  async redriveExecution(executionArn: string): Promise<string> {
    const record = this.describeExecution(executionArn);
    if (record.status === 'RUNNING' || record.status === 'SUCCEEDED' || !record.failedState)
      throw new AwsServiceError(
        'ExecutionNotRedrivable',
        `Execution is ${record.status} and cannot be redriven: '${executionArn}'`,
      );
    const now = new Date().toISOString();
    Object.assign(record, {
      status: 'RUNNING',
      stopDate: undefined,
      error: undefined,
      cause: undefined,
      redriveCount: (record.redriveCount ?? 0) + 1,
      current: { stateName: record.failedState.stateName, input: record.failedState.input, enteredAt: now },
      failedState: undefined,
    });
    this.addEvent(record, 'ExecutionRedriven', { redriveCount: record.redriveCount });
    await this.store.save(record);
    this.run(record, false);
    return now;
  }

  /** Stops running executions without recording an end: they resume on the next start. */
  async shutdown(): Promise<void> {
    this.closing = true;
    for (const abort of this.aborts.values()) abort();
    this.waiters.clear();
    await this.store.flush();
  }

  private dropWaiters(executionArn: string): void {
    for (const [token, waiter] of this.waiters)
      if (waiter.executionArn === executionArn) this.waiters.delete(token);
  }

  private addEvent(record: ExecutionRecord, type: string, details: Record<string, unknown>): void {
    const event: HistoryEvent = {
      id: record.history.length + 1,
      timestamp: new Date().toISOString(),
      type,
      details,
    };
    record.history.push(event);
  }

  private run(record: ExecutionRecord, resumed: boolean): void {
    const machine = this.machines.get(record.stateMachineArn);
    const current = record.current;
    if (!machine || !current) return;
    const definition = { ...machine.runnable, StartAt: current.stateName };
    // A token recorded before a restart is handed out again, so agencies' answers still land.
    let carriedToken = resumed ? current.token : undefined;
    let issuedToken: string | undefined;
    let skipInvocation = resumed && current.token !== undefined && current.invoked === true;
    const context = {
      Execution: { Id: record.executionArn, Name: record.name, StartTime: record.startDate },
      StateMachine: { Id: record.stateMachineArn, Name: machine.name },
      Task: {
        get Token(): string {
          const token = carriedToken ?? randomBytes(48).toString('base64url');
          carriedToken = undefined;
          issuedToken = token;
          return token;
        },
      },
    };
    const overrides: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [name, state] of Object.entries(machine.definition.States)) {
      if (state.Type !== 'Task') continue;
      overrides[name] = async (input) => {
        // Let the event consumer record this state's entry before the task runs.
        for (let i = 0; i < 1000 && !(record.current?.stateName === name && record.current.fresh); i++) {
          await new Promise((resolve) => setImmediate(resolve));
        }
        if (record.current) record.current.fresh = false;
        const skip = skipInvocation;
        skipInvocation = false;
        const token = issuedToken;
        issuedToken = undefined;
        return this.runTask(record, name, state, input, skip, token);
      };
    }
    const execution = new StateMachine(definition as never, { validationOptions: { noValidate: true } }).run(
      current.input as never,
      {
        overrides: { taskResourceLocalHandlers: overrides as never },
        context: context as never,
        noThrowOnAbort: true,
      },
    );
    this.aborts.set(record.executionArn, execution.abort);
    execution.result.catch(() => undefined);
    void this.follow(
      record,
      machine.definition,
      execution.eventLogs as AsyncGenerator<Record<string, unknown>>,
      resumed ? { ...current } : undefined,
    );
  }

  /** Keeps the record in step with the execution: current state, history, and the end. */
  private async follow(
    record: ExecutionRecord,
    definition: Definition,
    events: AsyncGenerator<Record<string, unknown>>,
    resumedEntry: ExecutionRecord['current'],
  ) {
    let carried = resumedEntry;
    let announced = false;
    try {
      for await (const event of events) {
        if (this.closing) return;
        const type = String(event.type);
        const state = event.state as
          | { name: string; type: string; input: unknown; output?: unknown }
          | undefined;
        const now = new Date().toISOString();
        if (type === 'ExecutionStarted') continue;
        if (type === 'StateEntered' && state) {
          const stateDef = definition.States[state.name];
          const timeout =
            stateDef?.TimeoutSeconds ??
            (stateDef?.TimeoutSecondsPath
              ? Number(readPath(state.input, stateDef.TimeoutSecondsPath))
              : undefined);
          record.current =
            carried && carried.stateName === state.name
              ? // The state the execution was in before a restart: same entry time, deadline and token.
                { ...carried, input: state.input, fresh: true }
              : {
                  stateName: state.name,
                  input: state.input,
                  enteredAt: now,
                  fresh: true,
                  ...(timeout && Number.isFinite(timeout)
                    ? { deadline: new Date(Date.now() + timeout * 1000).toISOString() }
                    : {}),
                };
          carried = undefined;
          this.addEvent(record, `${state.type}StateEntered`, {
            name: state.name,
            input: JSON.stringify(state.input),
          });
        } else if (type === 'StateExited' && state) {
          this.addEvent(record, `${state.type}StateExited`, {
            name: state.name,
            output: JSON.stringify(state.output),
          });
        } else if (type === 'ExecutionSucceeded') {
          Object.assign(record, {
            status: 'SUCCEEDED',
            stopDate: now,
            output: JSON.stringify(event.output),
            current: undefined,
          });
          this.addEvent(record, 'ExecutionSucceeded', { output: record.output });
        } else if (type === 'ExecutionFailed') {
          Object.assign(record, {
            status: 'FAILED',
            stopDate: now,
            error: String(event.Error ?? 'States.Runtime'),
            cause: String(event.Cause ?? ''),
            failedState: record.current
              ? { stateName: record.current.stateName, input: record.current.input }
              : undefined,
            current: undefined,
          });
          this.addEvent(record, 'ExecutionFailed', { error: record.error, cause: record.cause });
        } else if (type === 'ExecutionAborted') {
          continue;
        } else {
          this.addEvent(record, type, { name: state?.name, error: event.Error, cause: event.Cause });
        }
        // Not awaited: the store writes one record at a time in order, and awaiting here would
        // let a task start before its entry is recorded.
        const saved = this.store.save(record);
        saved.catch(this.onError);
        // EventBridge hears of an execution's end once it is recorded.
        if (record.status !== 'RUNNING' && !announced) {
          announced = true;
          const ended = { ...record, history: [] };
          void saved.then(() => this.onStatusChange(ended)).catch(this.onError);
        }
      }
    } catch (error) {
      this.onError(error);
    } finally {
      if (record.status !== 'RUNNING') this.aborts.delete(record.executionArn);
    }
  }

  private async runTask(
    record: ExecutionRecord,
    stateName: string,
    state: StateDefinition,
    input: unknown,
    skipInvocation: boolean,
    issuedToken: string | undefined,
  ): Promise<unknown> {
    const resource = String(state.Resource ?? '');
    const { FunctionName, Payload, QueueUrl, MessageBody } = (input ?? {}) as {
      FunctionName?: string;
      Payload?: Record<string, unknown>;
      QueueUrl?: string;
      MessageBody?: unknown;
    };
    const waitsForToken =
      resource.endsWith(':lambda:invoke.waitForTaskToken') ||
      resource.endsWith(':sqs:sendMessage.waitForTaskToken');
    if (waitsForToken) {
      // The token the Parameters asked for with $$.Task.Token, wherever they put it.
      const token = issuedToken ?? '';
      if (!token || !JSON.stringify(input ?? {}).includes(token)) {
        throw errorNamed('States.Runtime', `${stateName} does not pass $$.Task.Token to its function`);
      }
      const current = record.current?.stateName === stateName ? record.current : undefined;
      if (current) {
        current.token = token;
        await this.store.save(record);
      }
      const waiting = new Promise<unknown>((resolve, reject) => {
        this.waiters.set(token, { executionArn: record.executionArn, resolve, reject });
      });
      let timer: NodeJS.Timeout | undefined;
      const deadline = current?.deadline ? Date.parse(current.deadline) : undefined;
      const timedOut =
        deadline === undefined
          ? new Promise<never>(() => undefined)
          : new Promise<never>((_, reject) => {
              const arm = () => {
                const left = deadline - Date.now();
                if (left > MAX_TIMER_MS) {
                  timer = setTimeout(arm, MAX_TIMER_MS);
                  return;
                }
                timer = setTimeout(
                  () => {
                    this.waiters.delete(token);
                    this.finishedTokens.set(token, 'timed-out');
                    reject(errorNamed('States.Timeout', 'Task timed out'));
                  },
                  Math.max(0, left),
                );
              };
              arm();
            });
      try {
        if (!skipInvocation) {
          if (resource.includes(':sqs:')) {
            const body = typeof MessageBody === 'string' ? MessageBody : JSON.stringify(MessageBody);
            await this.sendMessage(String(QueueUrl), body);
          } else {
            await this.invokeLambda(String(FunctionName), Payload);
          }
          if (current) {
            current.invoked = true;
            await this.store.save(record);
          }
        }
        return await Promise.race([waiting, timedOut]);
      } catch (error) {
        this.waiters.delete(token);
        throw error;
      } finally {
        clearTimeout(timer);
      }
    }
    if (resource.includes(':states:::lambda:invoke')) {
      return { Payload: await this.timedInvoke(String(FunctionName), Payload, state), StatusCode: 200 };
    }
    if (resource.startsWith('arn:aws:lambda:')) return this.timedInvoke(resource, input, state);
    throw errorNamed('States.Runtime', `unsupported resource ${resource}`);
  }

  /** A Lambda task, timed out (States.Timeout) its TimeoutSeconds after the function starts. */
  private async timedInvoke(functionArn: string, payload: unknown, state: StateDefinition): Promise<unknown> {
    const seconds = state.TimeoutSeconds ?? DEFAULT_TASK_TIMEOUT_SECONDS;
    let timer: NodeJS.Timeout | undefined;
    let expire: (error: Error) => void = () => undefined;
    const timedOut = new Promise<never>((_, reject) => {
      expire = reject;
    });
    const started = () => {
      timer = setTimeout(
        () => expire(errorNamed('States.Timeout', `task timed out after ${seconds} seconds`)),
        seconds * 1000,
      );
    };
    try {
      return await Promise.race([this.invokeLambda(functionArn, payload, started), timedOut]);
    } finally {
      clearTimeout(timer);
    }
  }
}
