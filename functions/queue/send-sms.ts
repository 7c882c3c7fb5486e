import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { SmsRequestSchema } from '../../events/contracts.ts';
import { logger } from '../../shared/runtime/powertools.ts';
import { smsDependencies } from '../../shared/runtime/sms-dependencies.ts';
import { sendCitizenSms } from '../../shared/services/notify-citizen.ts';

/**
 * SMS queue consumer: tells the citizen of one event, once per event (a redelivery finds it
 * sent). A failed send is retried by SQS with the queue's visibility timeout until its
 * dead-letter queue takes it.
 */
const deps = await smsDependencies();
const processor = new BatchProcessor(EventType.SQS);

async function sendOne(record: SQSRecord): Promise<void> {
  const request = SmsRequestSchema.parse(JSON.parse(record.body));
  const outcome = await sendCitizenSms(deps, request);
  logger.info('sms', { ticketId: request.ticketId, kind: request.kind, outcome });
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  processPartialResponse(event, sendOne, processor, { context });
