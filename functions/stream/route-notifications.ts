import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { AuditEventSchema } from '../../shared/domain/audit.ts';
import { ReferralSchema } from '../../shared/domain/referral.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { smsQueue } from '../../shared/runtime/sms-dependencies.ts';
import { webhookRouting } from '../../shared/runtime/webhook-dependencies.ts';
import { webhookMessageFor } from '../../shared/services/agency-webhooks.ts';
import { smsRequestsFor } from '../../shared/services/notify-citizen.ts';

/**
 * The table's stream, filtered to new history events and referral writes: each event a citizen
 * is told of becomes one SMS queue message, each new version of a referral one webhook queue
 * message for its agency if it has a receiver (ids only). A record that fails is reported and retried from there;
 * after the retries its batch's position goes to the stream's failure queue.
 */
const sms = smsQueue();
const webhooks = webhookRouting();
const processor = new BatchProcessor(EventType.DynamoDBStreams);

const imageOf = (image: unknown) => unmarshall(image as Record<string, AttributeValue>);

async function routeOne(record: DynamoDBRecord): Promise<void> {
  const image = record.dynamodb?.NewImage;
  if (!image) return;
  const item = imageOf(image);
  if (item.entity === 'EVENT' && record.eventName === 'INSERT') {
    for (const request of smsRequestsFor([AuditEventSchema.parse(item)])) {
      await sms.enqueue(request);
      logger.debug('sms queued', { ticketId: request.ticketId, kind: request.kind });
    }
  } else if (item.entity === 'REFERRAL') {
    const old = record.dynamodb?.OldImage;
    const message = webhookMessageFor(
      ReferralSchema.parse(item),
      old ? ReferralSchema.parse(imageOf(old)) : null,
    );
    if (message && (await webhooks.subscribed(message.agencyId))) await webhooks.queue.enqueue(message);
  }
}

export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> =>
  processPartialResponse(event, routeOne, processor, { context });
