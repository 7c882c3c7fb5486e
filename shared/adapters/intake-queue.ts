import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { IntakeMessage } from '../../events/contracts.ts';

export interface IntakeQueue {
  enqueue(message: IntakeMessage): Promise<void>;
}

export class SqsIntakeQueue implements IntakeQueue {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor(client: SQSClient, queueUrl: string) {
    this.client = client;
    this.queueUrl = queueUrl;
  }

  async enqueue(message: IntakeMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }),
    );
  }
}
