import { Duration } from 'aws-cdk-lib';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

/**
 * A work queue and its dead-letter queue, both encrypted with the data key and TLS-only. Messages
 * stay hidden six times as long as their consumer may run (AWS's advice for Lambda event
 * sources) and go to the dead-letter queue, kept 14 days, after `maxReceiveCount` failures.
 */
export function workQueue(
  scope: Construct,
  props: { key: IKey; consumerTimeout: Duration; maxReceiveCount: number; retentionPeriod: Duration },
): { queue: Queue; deadLetterQueue: Queue } {
  const encryption = { encryption: QueueEncryption.KMS, encryptionMasterKey: props.key, enforceSSL: true };
  const deadLetterQueue = new Queue(scope, 'DeadLetters', {
    ...encryption,
    retentionPeriod: Duration.days(14),
  });
  acknowledge(deadLetterQueue, [
    { id: 'AwsSolutions-SQS3', reason: 'This queue is itself a dead-letter queue.' },
  ]);
  const queue = new Queue(scope, 'Queue', {
    ...encryption,
    visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
    retentionPeriod: props.retentionPeriod,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
  });
  return { queue, deadLetterQueue };
}
