import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { IntakeMessageSchema } from '../../events/contracts.ts';
import { workflowStarter } from '../../shared/runtime/dependencies.ts';
import { logger } from '../../shared/runtime/powertools.ts';

/**
 * Intake queue consumer: starts one workflow execution per ticket, named by the ticket id, so a
 * redelivered message never starts a second one. Failed records are reported one by one
 * (ReportBatchItemFailures) and retried by SQS until the DLQ takes them.
 */
const workflow = workflowStarter();
const processor = new BatchProcessor(EventType.SQS);

async function startOne(record: SQSRecord): Promise<void> {
  const message = IntakeMessageSchema.parse(JSON.parse(record.body));
  const { started } = await workflow.start(message);
  logger.debug('workflow start', { ticketId: message.ticketId, started });
}

export const handler = async (
  event: SQSEvent,
  context: import('aws-lambda').Context,
): Promise<SQSBatchResponse> => processPartialResponse(event, startOne, processor, { context });
