import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { AuditEventSchema } from '../../shared/domain/audit.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { smsQueue } from '../../shared/runtime/sms-dependencies.ts';
import { smsRequestsFor } from '../../shared/services/notify-citizen.ts';

/**
 * The table's stream, filtered to new history events: each event a citizen is told of becomes one
 * SMS queue message (ids only). A record that fails is reported and retried from there; after
 * the retries its batch's position goes to the stream's failure queue.
 */
const queue = smsQueue();
const processor = new BatchProcessor(EventType.DynamoDBStreams);

async function routeOne(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  if (record.eventName !== 'INSERT' || !image) return;
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (item.entity !== 'EVENT') return;
  const event = AuditEventSchema.parse(item);
  for (const request of smsRequestsFor([event])) {
    await queue.enqueue(request);
    logger.debug('sms queued', { ticketId: request.ticketId, kind: request.kind });
  }
}

export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
  processPartialResponse(event, routeOne, processor, { context });
