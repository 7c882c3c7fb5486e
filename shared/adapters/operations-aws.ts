import {
  DescribeExecutionCommand,
  ExecutionDoesNotExist,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import {
  GetQueueAttributesCommand,
  ListDeadLetterSourceQueuesCommand,
  type QueueAttributeName,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import type { DeadLetterQueues, ExecutionSummary, WorkflowExecutions } from '../services/operations.ts';

const iso = (date: Date | undefined) => (date ? date.toISOString() : null);

/** The ticket workflow's executions through the Step Functions API (ops tools, the redrive function). */
export class StepFunctionsExecutions implements WorkflowExecutions {
  private readonly client: SFNClient;
  private readonly stateMachineArn: string;

  constructor(client: SFNClient, stateMachineArn: string) {
    this.client = client;
    this.stateMachineArn = stateMachineArn;
  }

  arnOf(ticketId: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${ticketId}`;
  }

  async list(status?: string): Promise<ExecutionSummary[]> {
    const found: ExecutionSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new ListExecutionsCommand({
          stateMachineArn: this.stateMachineArn,
          ...(status ? { statusFilter: status as never } : {}),
          maxResults: 1000,
          nextToken,
        }),
      );
      for (const e of page.executions ?? [])
        found.push({
          executionArn: String(e.executionArn),
          name: String(e.name),
          status: String(e.status),
          startDate: iso(e.startDate) ?? '',
          stopDate: iso(e.stopDate),
        });
      nextToken = page.nextToken;
    } while (nextToken);
    return found;
  }

  async describe(executionArn: string) {
    try {
      const e = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      return {
        executionArn,
        name: String(e.name),
        status: String(e.status),
        startDate: iso(e.startDate) ?? '',
        stopDate: iso(e.stopDate),
        redriveCount: e.redriveCount ?? 0,
        error: e.error ?? '',
        cause: (e.cause ?? '').slice(0, 1000),
      };
    } catch (error) {
      if (error instanceof ExecutionDoesNotExist) return null;
      throw error;
    }
  }

  async history(executionArn: string) {
    const events: Array<{ id: number; timestamp: string; type: string; detail: string }> = [];
    let nextToken: string | undefined;
    do {
      const page = await this.client.send(
        new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
      );
      for (const e of page.events ?? []) {
        const { id, timestamp, type, previousEventId: _p, ...details } = e;
        // Step names, errors and timings only: execution data (ids) is left out of the listing.
        const detail = Object.values(details)
          .map((d) => {
            const { name, error, cause } = (d ?? {}) as { name?: string; error?: string; cause?: string };
            return [name, error, cause?.slice(0, 200)].filter(Boolean).join(' ');
          })
          .join(' ');
        events.push({ id: Number(id), timestamp: iso(timestamp) ?? '', type: String(type), detail });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return events;
  }

  async redrive(executionArn: string): Promise<void> {
    await this.client.send(new RedriveExecutionCommand({ executionArn }));
  }
}

/** A queue that is no queue's dead-letter queue (the repair queue): its work is redriven ticket by ticket. */
export class QueueNotRedrivableError extends Error {
  constructor(name: string) {
    super(`${name} is no queue's dead-letter queue (the repair queue is for people: ops failed)`);
    this.name = 'QueueNotRedrivableError';
  }
}

/** Dead-letter queues (and the repair queue) through the SQS API. */
export class SqsDeadLetterQueues implements DeadLetterQueues {
  private readonly client: SQSClient;
  private readonly urls: readonly string[];

  constructor(client: SQSClient, urls: readonly string[]) {
    this.client = client;
    this.urls = urls;
  }

  private nameOf(url: string): string {
    return url.split('/').pop() ?? url;
  }

  async list() {
    return Promise.all(
      this.urls.map(async (url) => {
        const { Attributes } = await this.client.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
        );
        return {
          name: this.nameOf(url),
          url,
          messages: Number(Attributes?.ApproximateNumberOfMessages ?? 0),
        };
      }),
    );
  }

  async redrive(name: string): Promise<{ moving: number }> {
    const url = this.urls.find((u) => this.nameOf(u) === name || u === name);
    if (!url)
      throw new Error(
        `no dead-letter queue ${name}; one of: ${this.urls.map((u) => this.nameOf(u)).join(', ')}`,
      );
    // Back to the queue whose redrive policy sends its failures here: named, so that a message
    // put in the dead-letter queue by hand moves too (SQS cannot tell where such a one came from).
    const { queueUrls } = await this.client.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: url }));
    const source = queueUrls?.[0];
    if (!source) throw new QueueNotRedrivableError(name);
    const attributesOf = async (queueUrl: string, names: QueueAttributeName[]) =>
      (await this.client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: names })))
        .Attributes ?? {};
    const dlq = await attributesOf(url, ['QueueArn', 'ApproximateNumberOfMessages']);
    const destination = await attributesOf(source, ['QueueArn']);
    await this.client.send(
      new StartMessageMoveTaskCommand({
        SourceArn: String(dlq.QueueArn),
        DestinationArn: String(destination.QueueArn),
      }),
    );
    return { moving: Number(dlq.ApproximateNumberOfMessages ?? 0) };
  }
}
