import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { z } from 'zod';

/** The message that hands a stored ticket to the workflow: its id, nothing personal. */
export const IntakeMessageSchema = z.strictObject({ ticketId: z.string().min(1).max(64) });
export type IntakeMessage = z.infer<typeof IntakeMessageSchema>;

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
    await this.client.send(new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(message) }));
  }
}
