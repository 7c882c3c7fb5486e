import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Data } from './data.ts';
import { PasokhFunction } from './pasokh-function.ts';
import { workQueue } from './work-queue.ts';

/** A message whose attempts keep failing inside Pasokh (not at the receiver) is parked after this many. */
export const WEBHOOK_MAX_RECEIVE_COUNT = 8;
const DELIVERER_TIMEOUT = Duration.seconds(15);

/**
 * Agencies' webhooks: a queue of deliveries (filled by the notification router from the table's
 * stream, by retries with their delay, and by replays) and the deliverer that signs and POSTs
 * each to the agency's receiver.
 */
export class AgencyWebhooks extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly functions: PasokhFunction[] = [];

  constructor(scope: Construct, id: string, props: { data: Data }) {
    super(scope, id);
    const { data } = props;
    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = workQueue(this, {
      key: data.key as IKey,
      consumerTimeout: DELIVERER_TIMEOUT,
      maxReceiveCount: WEBHOOK_MAX_RECEIVE_COUNT,
      // A day of retries, and room to spare for replays.
      retentionPeriod: Duration.days(4),
    }));
    const deliverer = new PasokhFunction(this, 'DeliverWebhook', {
      entry: 'functions/queue/deliver-webhook.ts',
      description: "Signs and POSTs one referral change to its agency's webhook",
      timeout: DELIVERER_TIMEOUT,
      environment: this.environment(data),
    });
    this.bind(deliverer.fn, data);
    deliverer.fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 5, reportBatchItemFailures: true, maxConcurrency: 4 }),
    );
    this.functions.push(deliverer);
  }

  /** What a function that manages or sends webhooks is told. */
  environment(data: Data): Record<string, string> {
    return {
      TABLE_NAME: data.table.tableName,
      IDENTITY_HASH_SECRET_ID: data.identityHashSecret.secretArn,
      WEBHOOK_QUEUE_URL: this.queue.queueUrl,
    };
  }

  /** Grants a function what `environment` names: the table, the signing key, the queue. */
  bind(fn: IFunction, data: Data): void {
    data.table.grantReadWriteData(fn);
    data.identityHashSecret.grantRead(fn);
    this.queue.grantSendMessages(fn);
  }
}
