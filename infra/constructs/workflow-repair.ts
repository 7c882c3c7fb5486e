import { Duration } from 'aws-cdk-lib';
import { Rule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';
import type { Data } from './data.ts';
import { PasokhFunction } from './pasokh-function.ts';

/** Automatic redrives of a failed ticket workflow before the ticket is parked for repair. */
export const WORKFLOW_MAX_REDRIVES = 2;

/**
 * No ticket left failed: a ticket workflow that fails or times out (after its steps' own
 * retries) is redriven from the failed step by the redrive function, at most
 * WORKFLOW_MAX_REDRIVES times; after that the ticket is parked in the repair queue, whose depth
 * alarms (Monitoring). If the function itself fails, EventBridge retries it and then puts the
 * event in the repair queue too.
 */
export class WorkflowRepair extends Construct {
  readonly repairQueue: Queue;
  readonly redriver: PasokhFunction;

  constructor(scope: Construct, id: string, props: { data: Data; stateMachine: StateMachine }) {
    super(scope, id);
    this.repairQueue = new Queue(this, 'RepairQueue', {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: props.data.key as IKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    acknowledge(this.repairQueue, [
      {
        id: 'AwsSolutions-SQS3',
        reason: 'The repair queue is where failures end for a person; it has no consumer to fail.',
      },
    ]);
    this.redriver = new PasokhFunction(this, 'Redrive', {
      entry: 'functions/events/redrive-failed-workflow.ts',
      description: 'Redrives a failed ticket workflow, or parks the ticket for repair',
      timeout: Duration.seconds(30),
      environment: {
        TABLE_NAME: props.data.table.tableName,
        IDENTITY_HASH_SECRET_ID: props.data.identityHashSecret.secretArn,
        STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
        REPAIR_QUEUE_URL: this.repairQueue.queueUrl,
        WORKFLOW_MAX_REDRIVES: String(WORKFLOW_MAX_REDRIVES),
      },
    });
    props.data.table.grantReadWriteData(this.redriver.fn);
    props.data.identityHashSecret.grantRead(this.redriver.fn);
    this.repairQueue.grantSendMessages(this.redriver.fn);
    props.stateMachine.grantExecution(
      this.redriver.fn,
      'states:DescribeExecution',
      'states:RedriveExecution',
    );
    acknowledge(this.redriver.fn, [
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"TicketWorkflowStateMachineDBCC1401"}]}]}:*]',
        reason:
          'Any execution of the ticket workflow may fail and be redriven; the grant is scoped to that one state machine.',
      },
    ]);
    new Rule(this, 'FailedExecutions', {
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: ['FAILED', 'TIMED_OUT'], stateMachineArn: [props.stateMachine.stateMachineArn] },
      },
      targets: [
        new LambdaFunction(this.redriver.fn, {
          retryAttempts: 8,
          maxEventAge: Duration.hours(6),
          deadLetterQueue: this.repairQueue,
        }),
      ],
    });
  }
}
