import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { NotificationLog, SmsRecord } from '../notification-log.ts';
import { keys } from './keys.ts';

/** SMS records under their ticket (`TICKET#<id>` / `SMS#<eventId>`). */
export class DynamoDbNotificationLog implements NotificationLog {
  private readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;

  constructor(options: { client: DynamoDBDocumentClient; tableName: string }) {
    this.client = options.client;
    this.tableName = options.tableName;
  }

  async claim(record: Pick<SmsRecord, 'ticketId' | 'eventId' | 'kind' | 'at'>): Promise<'claimed' | 'done'> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.sms(record.ticketId, record.eventId),
          UpdateExpression:
            'SET entity = :entity, ticketId = :ticket, eventId = :event, kind = :kind, #at = if_not_exists(#at, :at), #status = :sending ADD attempts :one',
          ConditionExpression: 'attribute_not_exists(#status) OR #status = :sending',
          ExpressionAttributeNames: { '#status': 'status', '#at': 'at' },
          ExpressionAttributeValues: {
            ':entity': 'SMS',
            ':ticket': record.ticketId,
            ':event': record.eventId,
            ':kind': record.kind,
            ':at': record.at,
            ':sending': 'SENDING',
            ':one': 1,
          },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return 'done';
      throw error;
    }
  }

  async finish(
    ticketId: string,
    eventId: string,
    outcome:
      | { status: 'SENT'; providerMessageId: string; at: string }
      | { status: 'NO_MOBILE' | 'HELD'; at: string },
  ): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.sms(ticketId, eventId),
        UpdateExpression: 'SET #status = :status, sentAt = :at, providerMessageId = :id',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': outcome.status,
          ':at': outcome.at,
          ':id': outcome.status === 'SENT' ? outcome.providerMessageId : null,
        },
      }),
    );
  }

  async listForTicket(ticketId: string): Promise<SmsRecord[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :sms)',
        ExpressionAttributeValues: { ':pk': keys.ticket(ticketId).pk, ':sms': 'SMS#' },
      }),
    );
    return Items.map((item) => ({
      ticketId: String(item.ticketId),
      eventId: String(item.eventId),
      kind: item.kind,
      status: item.status,
      at: String(item.at),
      sentAt: (item.sentAt as string | null) ?? null,
      providerMessageId: (item.providerMessageId as string | null) ?? null,
      attempts: Number(item.attempts ?? 0),
    }));
  }
}
