import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { LOCAL_REGION } from '../cloudformation/intrinsics.ts';

export interface EventSourceMapping {
  functionLogicalId: string;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  reportBatchItemFailures: boolean;
  concurrency: number;
}

/**
 * Lambda's SQS event source: long-polls the queue, invokes the function with a batch, deletes
 * what succeeded. Failed records stay, become visible again after the visibility timeout, and
 * the queue's redrive policy moves them to the DLQ after maxReceiveCount receives.
 */
export class SqsEventSource {
  private running = true;
  private readonly loops: Promise<void>[] = [];

  private readonly client: SQSClient;
  private readonly mapping: EventSourceMapping;
  private readonly invoke: (event: SQSEvent) => Promise<unknown>;
  private readonly onError: (error: unknown) => void;

  constructor(
    client: SQSClient,
    mapping: EventSourceMapping,
    invoke: (event: SQSEvent) => Promise<unknown>,
    onError: (error: unknown) => void,
  ) {
    this.client = client;
    this.mapping = mapping;
    this.invoke = invoke;
    this.onError = onError;
  }

  start(): void {
    for (let i = 0; i < this.mapping.concurrency; i++) this.loops.push(this.poll());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.allSettled(this.loops);
  }

  private async poll(): Promise<void> {
    while (this.running) {
      try {
        const { Messages = [] } = await this.client.send(
          new ReceiveMessageCommand({
            QueueUrl: this.mapping.queueUrl,
            MaxNumberOfMessages: Math.min(10, this.mapping.batchSize),
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['All'],
            // local-aws-sqs answers only the older parameter with ApproximateReceiveCount.
            AttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
        );
        if (Messages.length > 0) await this.deliver(Messages);
      } catch (error) {
        if (!this.running) return;
        this.onError(error);
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  private async deliver(messages: Message[]): Promise<void> {
    const event: SQSEvent = { Records: messages.map((m) => this.record(m)) };
    let failed = new Set<string>(messages.map((m) => m.MessageId ?? ''));
    try {
      const result = (await this.invoke(event)) as SQSBatchResponse | null;
      failed = this.mapping.reportBatchItemFailures
        ? new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier))
        : new Set();
    } catch (error) {
      this.onError(error);
    }
    const done = messages.filter((m) => !failed.has(m.MessageId ?? ''));
    if (done.length === 0) return;
    await this.client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: this.mapping.queueUrl,
        Entries: done.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }

  private record(message: Message): SQSRecord {
    const attributes = (message.Attributes ?? {}) as Record<string, string>;
    return {
      messageId: message.MessageId ?? '',
      receiptHandle: message.ReceiptHandle ?? '',
      body: message.Body ?? '',
      attributes: {
        ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
        SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
        SenderId: attributes.SenderId ?? 'local',
        ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: message.MD5OfBody ?? '',
      eventSource: 'aws:sqs',
      eventSourceARN: this.mapping.queueArn,
      awsRegion: LOCAL_REGION,
    };
  }
}
