import { Duration } from 'aws-cdk-lib';
import { Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import type { Data } from './data.ts';
import { PasokhFunction } from './pasokh-function.ts';
import { workQueue } from './work-queue.ts';

/** Receives of one letter before the workflow is told OCR failed (and the message dead-letters). */
export const OCR_MAX_RECEIVE_COUNT = 3;
/** A 30-page letter at under 2 s a page, a PDF rendered first, and a cold start. */
const OCR_TIMEOUT = Duration.minutes(5);
/**
 * Letters read at once. Textract's DetectDocumentText quota is a few transactions a second in
 * most regions; Tesseract letters are bounded too, so a visit-day pile is read steadily.
 */
export const OCR_MAX_CONCURRENCY = 5;
/** Textract's detection actions take no resource-level permissions. */
const TEXTRACT_ACTIONS = [
  'textract:DetectDocumentText',
  'textract:StartDocumentTextDetection',
  'textract:GetDocumentTextDetection',
] as const;

/**
 * Paper letters' reading: the OCR queue the workflow's ReadLetter state sends each letter to
 * (with its task token), its dead-letter queue, the consumer that reads the scans with the
 * engine configured for their language and resumes the workflow, and the topic (with the role
 * Textract publishes through) that brings Textract's job notices for PDFs back to the queue.
 */
export class Ocr extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly reader: PasokhFunction;
  readonly jobNotices: Topic;

  constructor(scope: Construct, id: string, props: { data: Data }) {
    super(scope, id);
    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = workQueue(this, {
      key: props.data.key as IKey,
      consumerTimeout: OCR_TIMEOUT,
      maxReceiveCount: OCR_MAX_RECEIVE_COUNT,
      retentionPeriod: Duration.days(4),
    }));

    // Textract reads PDFs in jobs and announces each job's end on this topic, which feeds the queue.
    this.jobNotices = new Topic(this, 'TextractJobs', {
      masterKey: props.data.key as IKey,
      enforceSSL: true,
    });
    this.jobNotices.addSubscription(new SqsSubscription(this.queue));
    const textractRole = new Role(this, 'TextractPublisher', {
      assumedBy: new ServicePrincipal('textract.amazonaws.com'),
      description: 'Lets Textract announce the end of a letter-reading job',
    });
    this.jobNotices.grantPublish(textractRole);

    this.reader = new PasokhFunction(this, 'ReadLetter', {
      entry: 'functions/queue/digitize-letter.ts',
      description: 'Reads a paper letter (OCR) and resumes its workflow',
      timeout: OCR_TIMEOUT,
      // Tesseract's WebAssembly engine, the Persian model and one rendered page at a time.
      memorySize: 2048,
      // Tesseract's worker, the Persian model, pdf.js and the canvas binding load files beside their code.
      installedModules: ['tesseract.js', '@tesseract.js-data/fas', 'pdfjs-dist', '@napi-rs/canvas', 'sharp'],
      unscopedActions: TEXTRACT_ACTIONS,
      environment: {
        TABLE_NAME: props.data.table.tableName,
        IDENTITY_HASH_SECRET_ID: props.data.identityHashSecret.secretArn,
        ATTACHMENTS_BUCKET: props.data.attachments.bucketName,
        OCR_MAX_RECEIVE_COUNT: String(OCR_MAX_RECEIVE_COUNT),
        OCR_MIN_CONFIDENCE: '0.6',
        OCR_ENGINES: 'fa=tesseract,ar=textract,en=textract',
        TEXTRACT_TOPIC_ARN: this.jobNotices.topicArn,
        TEXTRACT_ROLE_ARN: textractRole.roleArn,
      },
    });
    const fn = this.reader.fn;
    props.data.table.grantReadWriteData(fn);
    props.data.identityHashSecret.grantRead(fn);
    props.data.attachments.grantRead(fn, 'batches/*');
    // What it read from each letter is kept for the reviewer, beside the scans.
    props.data.attachments.grantPut(fn, 'readings/*');
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.ALLOW,
        actions: [...TEXTRACT_ACTIONS],
        resources: ['*'],
      }),
    );
    textractRole.grantPassRole(fn.grantPrincipal);
    acknowledge(fn, [
      {
        id: 'AwsSolutions-IAM5[Resource::<DataAttachments8CD6CAB2.Arn>/batches/*]',
        reason:
          'The reader reads scanned pages, which live under batches/ with ids it cannot know in advance.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::<DataAttachments8CD6CAB2.Arn>/readings/*]',
        reason: 'The reader stores what it read from each letter under readings/, one object per ticket id.',
      },
    ]);
    fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 1,
        reportBatchItemFailures: true,
        maxConcurrency: OCR_MAX_CONCURRENCY,
      }),
    );
  }

  /** The reader resumes (or fails) the workflow's ReadLetter task with its token. */
  grantResume(stateMachine: IStateMachine): void {
    stateMachine.grantTaskResponse(this.reader.fn);
  }
}
