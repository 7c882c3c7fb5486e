import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { RepairQueue } from '../services/failed-executions.ts';

/** The repair queue: tickets whose workflow failed after every redrive, for a person to look at. */
export class SqsRepairQueue implements RepairQueue {
  private readonly client: SQSClient;
  private readonly queueUrl: string;

  constructor(client: SQSClient, queueUrl: string) {
    this.client = client;
    this.queueUrl = queueUrl;
  }

  async park(item: {
    ticketId: string;
    executionArn: string;
    error: string;
    parkedAt: string;
  }): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(item) }),
    );
  }
}
