import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  CreateQueueCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { close, listen } from '../../local/aws-json-server.ts';
import { freePort } from '../../local/free-port.ts';
import { LocalSqs } from '../../local/sqs/server.ts';
import { type Definition, LocalStepFunctions } from '../../local/stepfunctions/engine.ts';
import { ExecutionStore } from '../../local/stepfunctions/execution-store.ts';
import { freshTable } from '../support/dynamodb.ts';

/**
 * Pins the emulator behaviours Pasokh's code relies on, so an upgrade of DynamoDB Local,
 * local-aws-sqs or aws-local-stepfunctions that changes one fails here, by name.
 */

describe('DynamoDB Local transactions', () => {
  it('cancels the whole transaction, names the failed condition per item, and returns the old item', async () => {
    const { doc, tableName } = await freshTable();
    await doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'A', sk: 'A', n: 1 } }));
    let caught: unknown;
    try {
      await doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: tableName,
                Item: { pk: 'B', sk: 'B' },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: tableName,
                Item: { pk: 'A', sk: 'A', n: 2 },
                ConditionExpression: 'attribute_not_exists(pk)',
                ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
              },
            },
          ],
        }),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(TransactionCanceledException);
    const reasons = (caught as TransactionCanceledException).CancellationReasons ?? [];
    expect(reasons.map((r) => r.Code)).toEqual(['None', 'ConditionalCheckFailed']);
    expect(reasons[1]?.Item?.n).toEqual({ N: '1' });
    const { Item } = await doc.send(
      new (await import('@aws-sdk/lib-dynamodb')).GetCommand({
        TableName: tableName,
        Key: { pk: 'B', sk: 'B' },
      }),
    );
    expect(Item).toBeUndefined();
  });
});

describe('local SQS', () => {
  let sqs: LocalSqs;
  let client: SQSClient;

  beforeAll(async () => {
    const port = await freePort();
    sqs = new LocalSqs(port, [
      { name: 'dlq', attributes: {} },
      {
        name: 'work',
        attributes: {
          VisibilityTimeout: '1',
          RedrivePolicy: JSON.stringify({
            deadLetterTargetArn: 'arn:aws:sqs:us-east-1:123456789012:dlq',
            maxReceiveCount: 2,
          }),
        },
      },
    ]);
    await listen(sqs.server, port);
    client = new SQSClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client.destroy();
    await close(sqs.server);
  });

  const url = async (name: string) =>
    (await client.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl as string;
  const receive = async (name: string, wait = 0) =>
    (
      await client.send(
        new ReceiveMessageCommand({
          QueueUrl: await url(name),
          WaitTimeSeconds: wait,
          AttributeNames: ['All'],
        }),
      )
    ).Messages ?? [];

  it('hides a received message, redelivers it after the visibility timeout, then moves it to the DLQ', async () => {
    await client.send(
      new SendMessageCommand({ QueueUrl: await url('work'), MessageBody: '{"ticketId":"T1"}' }),
    );
    const first = await receive('work');
    expect(first[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(await receive('work')).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 1100));
    const second = await receive('work');
    expect(second[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
    await new Promise((r) => setTimeout(r, 1100));
    // maxReceiveCount is 2: the third receive moves it to the DLQ instead of returning it.
    expect(await receive('work')).toHaveLength(0);
    const dead = await receive('dlq');
    expect(dead.map((m) => m.Body)).toEqual(['{"ticketId":"T1"}']);
  });

  it('fails exactly the injected number of calls', async () => {
    sqs.injectFault('SendMessage', 1);
    await expect(
      client.send(new SendMessageCommand({ QueueUrl: await url('work'), MessageBody: 'x' })),
    ).rejects.toThrow();
    await expect(
      client.send(new SendMessageCommand({ QueueUrl: await url('work'), MessageBody: 'y' })),
    ).resolves.toBeDefined();
    expect(sqs.pendingFaults()).toEqual({ SendMessage: 0 });
    await client.send(new CreateQueueCommand({ QueueName: 'unused' }));
  });
});

describe('local Step Functions (aws-local-stepfunctions with task tokens)', () => {
  const ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:Contract';
  const definition: Definition = {
    StartAt: 'Wait',
    States: {
      Wait: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
        Parameters: {
          FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:Record',
          Payload: { 'token.$': '$$.Task.Token', 'execution.$': '$$.Execution.Name' },
        },
        TimeoutSecondsPath: '$.seconds',
        ResultPath: '$.answer',
        Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'TimedOut' }],
        End: true,
      },
      TimedOut: { Type: 'Pass', Result: 'late', ResultPath: '$.answer', End: true },
    },
  };

  /** `tokens` in the order the tasks were invoked, which need not be the order they started. */
  function engine(dir: string, tokens: string[], tokenOf = new Map<string, string>()) {
    const store = new ExecutionStore(dir);
    const sfn = new LocalStepFunctions({
      store,
      invokeLambda: async (_arn, payload) => {
        const { token, execution } = payload as { token: string; execution: string };
        tokens.push(token);
        tokenOf.set(execution, token);
        return null;
      },
    });
    sfn.register(ARN, 'Contract', definition);
    return sfn;
  }

  const settle = async (sfn: LocalStepFunctions, arn: string) => {
    for (let i = 0; i < 100; i++) {
      const record = sfn.describeExecution(arn);
      if (record.status !== 'RUNNING') return record;
      await new Promise((r) => setTimeout(r, 50));
    }
    return sfn.describeExecution(arn);
  };

  it('hands each task a unique token and resumes with the output sent for it', async () => {
    const tokens: string[] = [];
    const tokenOf = new Map<string, string>();
    const sfn = engine(mkdtempSync(join(tmpdir(), 'sfn-')), tokens, tokenOf);
    const a = await sfn.startExecution(ARN, 'a', '{"seconds": 30}');
    const b = await sfn.startExecution(ARN, 'b', '{"seconds": 30}');
    await vi_waitFor(() => tokens.length === 2);
    expect(new Set(tokens).size).toBe(2);
    sfn.sendTaskSuccess(tokenOf.get('a') as string, '{"outcome":"RESOLVED"}');
    const done = await settle(sfn, a.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string)).toEqual({ seconds: 30, answer: { outcome: 'RESOLVED' } });
    expect(sfn.describeExecution(b.executionArn).status).toBe('RUNNING');
    expect(() => sfn.sendTaskSuccess(tokenOf.get('a') as string, '{}')).toThrow(/Task does not exist/);
    await sfn.shutdown();
  });

  it('raises States.Timeout at TimeoutSecondsPath, which Catch handles; the late token is refused', async () => {
    const tokens: string[] = [];
    const sfn = engine(mkdtempSync(join(tmpdir(), 'sfn-')), tokens);
    const started = await sfn.startExecution(ARN, 'late', '{"seconds": 1}');
    const done = await settle(sfn, started.executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string).answer).toBe('late');
    expect(() => sfn.sendTaskSuccess(tokens[0] as string, '{}')).toThrow(/Timed Out/);
  });

  it('times a Lambda task from when the function starts, not while it waits out a throttle', async () => {
    const WORK = 'arn:aws:states:us-east-1:123456789012:stateMachine:Work';
    const working: Definition = {
      StartAt: 'Work',
      States: {
        Work: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: {
            FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:Slow',
            'Payload.$': '$',
          },
          OutputPath: '$.Payload',
          TimeoutSeconds: 1,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'TimedOut' }],
          End: true,
        },
        TimedOut: { Type: 'Pass', Result: 'timed out', End: true },
      },
    };
    // One environment, as a reserved concurrency of 1: the second invocation waits 0.8 s for it.
    let busy: Promise<void> = Promise.resolve();
    const sfn = new LocalStepFunctions({
      store: new ExecutionStore(mkdtempSync(join(tmpdir(), 'sfn-'))),
      invokeLambda: async (_arn, payload, onStart) => {
        const previous = busy;
        let done: () => void = () => undefined;
        busy = new Promise<void>((r) => {
          done = r;
        });
        await previous;
        onStart?.();
        const { ms } = payload as { ms: number };
        await new Promise((r) => setTimeout(r, ms));
        done();
        return 'worked';
      },
    });
    sfn.register(WORK, 'Work', working);
    const first = await sfn.startExecution(WORK, 'first', '{"ms": 800}');
    const second = await sfn.startExecution(WORK, 'second', '{"ms": 700}');
    const slow = await sfn.startExecution(WORK, 'slow', '{"ms": 1500}');
    const outputs = await Promise.all([first, second, slow].map((e) => settle(sfn, e.executionArn)));
    // The second waited 0.8 s and ran 0.7 s (1.5 s in all) yet is within its 1 s; the third ran 1.5 s.
    expect(outputs.map((o) => JSON.parse(o.output as string))).toEqual(['worked', 'worked', 'timed out']);
    await sfn.shutdown();
  });

  it('treats a repeated name as the same execution while running and refuses it after', async () => {
    const sfn = engine(mkdtempSync(join(tmpdir(), 'sfn-')), []);
    const first = await sfn.startExecution(ARN, 'same', '{"seconds": 1}');
    expect((await sfn.startExecution(ARN, 'same', '{"seconds": 1}')).executionArn).toBe(first.executionArn);
    await expect(sfn.startExecution(ARN, 'same', '{"seconds": 2}')).rejects.toThrow(/Already Exists/);
    await settle(sfn, first.executionArn);
    await expect(sfn.startExecution(ARN, 'same', '{"seconds": 1}')).rejects.toThrow(/Already Exists/);
  });

  it('resumes a waiting execution after a restart with the same token and deadline', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sfn-'));
    const tokens: string[] = [];
    const before = engine(dir, tokens);
    const started = await before.startExecution(ARN, 'durable', '{"seconds": 60}');
    await vi_waitFor(
      () => tokens.length === 1 && before.describeExecution(started.executionArn).current?.invoked === true,
    );
    await before.shutdown();

    const resumedTokens: string[] = [];
    const after = engine(dir, resumedTokens);
    expect(after.resumeAll()).toBe(1);
    await new Promise((r) => setTimeout(r, 200));
    // The task was already invoked before the restart: not again.
    expect(resumedTokens).toEqual([]);
    after.sendTaskSuccess(tokens[0] as string, '{"outcome":"RESOLVED"}');
    const done = await settle(after, started.executionArn);
    expect(done.status).toBe('SUCCEEDED');
  });
});

async function vi_waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 20));
  }
}
