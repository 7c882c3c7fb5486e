import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import type { Data } from './data.ts';
import { PasokhFunction } from './pasokh-function.ts';
import { workQueue } from './work-queue.ts';
import { OCR_WAIT } from './workflow.ts';

/** The DLQ takes a message after this many failed receives. */
export const INTAKE_MAX_RECEIVE_COUNT = 5;
const STARTER_TIMEOUT = Duration.seconds(20);

/**
 * From stored ticket to workflow: the intake queue (with its DLQ), the starter that begins one
 * execution per ticket, and the reconciler that re-enqueues tickets the hand-off missed.
 */
export class Intake extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly starter: PasokhFunction;
  readonly reconciler: PasokhFunction;

  constructor(scope: Construct, id: string, props: { data: Data; stateMachine: IStateMachine }) {
    super(scope, id);
    ({ queue: this.queue, deadLetterQueue: this.deadLetterQueue } = workQueue(this, {
      key: props.data.key as IKey,
      consumerTimeout: STARTER_TIMEOUT,
      maxReceiveCount: INTAKE_MAX_RECEIVE_COUNT,
      retentionPeriod: Duration.days(14),
    }));

    this.starter = new PasokhFunction(this, 'StartWorkflow', {
      entry: 'functions/queue/start-workflow.ts',
      description: 'Starts one ticket workflow execution per intake message',
      timeout: STARTER_TIMEOUT,
      environment: { STATE_MACHINE_ARN: props.stateMachine.stateMachineArn },
    });
    props.stateMachine.grantStartExecution(this.starter.fn);
    this.starter.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: 10,
        maxBatchingWindow: Duration.seconds(1),
        reportBatchItemFailures: true,
        // Bounds the StartExecution rate during a visit's burst (2 is the least SQS allows).
        maxConcurrency: 2,
      }),
    );

    const tableEnv = {
      TABLE_NAME: props.data.table.tableName,
      IDENTITY_HASH_SECRET_ID: props.data.identityHashSecret.secretArn,
    };
    this.reconciler = new PasokhFunction(this, 'Reconcile', {
      entry: 'functions/scheduled/reconcile-intake.ts',
      description: 'Re-enqueues tickets stored but not handed to the workflow; finishes cut-short batches',
      timeout: Duration.minutes(2),
      environment: {
        ...tableEnv,
        INTAKE_QUEUE_URL: this.queue.queueUrl,
        STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
        RECONCILE_GRACE_SECONDS: '60',
        RECONCILE_DIGITIZING_GRACE_SECONDS: String(OCR_WAIT.toSeconds() + 30 * 60),
      },
    });
    // Finishing a batch opens its letters' tickets and records them on the batch.
    props.data.table.grantReadWriteData(this.reconciler.fn);
    props.data.identityHashSecret.grantRead(this.reconciler.fn);
    this.queue.grantSendMessages(this.reconciler.fn);
    // Only to tell a ticket whose workflow started from one whose hand-off was lost.
    props.stateMachine.grantExecution(this.reconciler.fn, 'states:DescribeExecution');
    acknowledge(this.reconciler.fn, [
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"TicketWorkflowStateMachineDBCC1401"}]}]}:*]',
        reason:
          'Any ticket may be the one whose hand-off was lost: read-only, scoped to the one state machine.',
      },
    ]);
    new Rule(this, 'ReconcileEveryMinute', {
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(this.reconciler.fn)],
    });
  }
}
