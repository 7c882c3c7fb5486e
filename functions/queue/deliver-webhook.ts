import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { WebhookMessageSchema } from '../../events/contracts.ts';
import { logger, metrics } from '../../shared/runtime/powertools.ts';
import { webhookDeliveryDependencies } from '../../shared/runtime/webhook-dependencies.ts';
import { attemptDelivery } from '../../shared/services/agency-webhooks.ts';

/**
 * Webhook queue consumer: one attempt per message. A failed attempt queues the next itself (with
 * its delay) and the message is done; only an error of Pasokh's own (the table, the queue) leaves
 * the message to SQS's retries and, after them, the dead-letter queue.
 */
const deps = await webhookDeliveryDependencies();
const processor = new BatchProcessor(EventType.SQS);

async function deliverOne(record: SQSRecord): Promise<void> {
  const message = WebhookMessageSchema.parse(JSON.parse(record.body));
  const outcome = await attemptDelivery(deps, message);
  logger.info('webhook', { agencyId: message.agencyId, referralId: message.referralId, outcome });
  if (outcome === 'failed') metrics.addMetric('WebhookDeliveryFailed', MetricUnit.Count, 1);
}

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  try {
    return await processPartialResponse(event, deliverOne, processor, { context });
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
