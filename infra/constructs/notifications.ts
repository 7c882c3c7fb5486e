import { Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import type { Data } from './data.ts';
import { PasokhFunction } from './pasokh-function.ts';
import { workQueue } from './work-queue.ts';

/** A message that failed this many sends goes to the dead-letter queue (and its alarm). */
export const SMS_MAX_RECEIVE_COUNT = 6;
const SENDER_TIMEOUT = Duration.seconds(15);

/**
 * Telling citizens and agencies: the table's stream, filtered to new history events and referral
 * writes, feeds a router that queues one SMS per event worth telling and one webhook delivery per
 * new referral version (delivered by AgencyWebhooks); the sender reads number and note from the table and
 * sends through SNS (or an HTTP gateway, by the `pasokh:smsGatewayUrl` context), once per event.
 */
export class Notifications extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  /** Stream batches the router gave up on (their positions, for replay). */
  readonly streamFailures: Queue;
  readonly functions: PasokhFunction[] = [];

  constructor(
    scope: Construct,
    id: string,
    props: { data: Data; trackingPageUrl: string; webhookQueue: IQueue },
  ) {
    super(scope, id);
    const { data } = props;
    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = workQueue(this, {
      key: data.key as IKey,
      consumerTimeout: SENDER_TIMEOUT,
      maxReceiveCount: SMS_MAX_RECEIVE_COUNT,
      retentionPeriod: Duration.days(4),
    }));
    this.streamFailures = new Queue(this, 'StreamFailures', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: data.key as IKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.streamFailures, [
      { id: 'AwsSolutions-SQS3', reason: 'This queue is itself where failed stream batches are kept.' },
    ]);

    const router = new PasokhFunction(this, 'RouteNotifications', {
      entry: 'functions/stream/route-notifications.ts',
      description: 'Queues an SMS for each event a citizen is told of, a webhook for each referral change',
      environment: {
        SMS_QUEUE_URL: this.queue.queueUrl,
        WEBHOOK_QUEUE_URL: props.webhookQueue.queueUrl,
        TABLE_NAME: data.table.tableName,
      },
    });
    this.queue.grantSendMessages(router.fn);
    // Which agencies have a webhook receiver: the subscription items only.
    router.fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem'],
        resources: [data.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['WEBHOOK#*'] } },
      }),
    );
    props.webhookQueue.grantSendMessages(router.fn);
    router.fn.addEventSource(
      new DynamoEventSource(data.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 50,
        maxBatchingWindow: Duration.seconds(1),
        retryAttempts: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.streamFailures),
        filters: [
          FilterCriteria.filter({
            eventName: FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('EVENT') } } },
          }),
          FilterCriteria.filter({
            eventName: FilterRule.or('INSERT', 'MODIFY'),
            dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('REFERRAL') } } },
          }),
        ],
      }),
    );

    const gatewayUrl = scope.node.tryGetContext('pasokh:smsGatewayUrl') as string | undefined;
    const sender = new PasokhFunction(this, 'SendSms', {
      entry: 'functions/queue/send-sms.ts',
      description: 'Sends a citizen the SMS of one event, once',
      timeout: SENDER_TIMEOUT,
      environment: {
        TABLE_NAME: data.table.tableName,
        IDENTITY_HASH_SECRET_ID: data.identityHashSecret.secretArn,
        TRACKING_PAGE_URL: props.trackingPageUrl,
        ...(gatewayUrl ? { SMS_PROVIDER: 'http', SMS_GATEWAY_URL: gatewayUrl } : { SMS_PROVIDER: 'sns' }),
      },
    });
    data.table.grantReadWriteData(sender.fn);
    data.identityHashSecret.grantRead(sender.fn);
    sender.fn.addEventSource(
      new SqsEventSource(this.queue, { batchSize: 10, reportBatchItemFailures: true, maxConcurrency: 2 }),
    );
    if (!gatewayUrl) {
      // SMS to a phone number has no resource to name: SNS authorizes direct publishing on "*".
      sender.fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
      acknowledge(sender.fn, [
        {
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'SNS direct-to-phone SMS has no resource ARN; the statement allows only sns:Publish.',
        },
      ]);
    }
    this.functions.push(router, sender);
  }
}
