import { Duration } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** Alarms to one SNS topic (operations subscribe to it) and a dashboard of the same signals. */
export class Monitoring extends Construct {
  readonly alarmTopic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(
    scope: Construct,
    id: string,
    props: {
      key: IKey;
      api: RestApi;
      stateMachine: StateMachine;
      deadLetterQueues: IQueue[];
      repairQueue: IQueue;
      functions: NodejsFunction[];
    },
  ) {
    super(scope, id);
    this.alarmTopic = new Topic(this, 'Alarms', {
      displayName: 'Pasokh alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    const action = new SnsAction(this.alarmTopic);
    const alarm = (name: string, metric: IMetric, description: string) => {
      const created = new Alarm(this, name, {
        metric,
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(action);
      this.alarms.push(created);
      return created;
    };

    props.deadLetterQueues.forEach((queue, i) => {
      alarm(
        `DeadLetters${i}`,
        queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
        'Messages reached a dead-letter queue: inspect and redrive them (ops CLI).',
      );
    });
    // A failed execution is redriven automatically; only one that stays failed needs a person.
    alarm(
      'TicketsParked',
      props.repairQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: 'Maximum',
      }),
      'A ticket workflow failed after every automatic redrive: the ticket is parked for repair (npm run ops -- failed).',
    );
    alarm(
      'Api5xx',
      props.api.metricServerError({ period: Duration.minutes(1) }),
      'The API answered with 5xx errors.',
    );
    props.functions.forEach((fn, i) => {
      alarm(
        `FunctionErrors${i}`,
        fn.metricErrors({ period: Duration.minutes(1) }),
        `Errors in ${fn.node.path}.`,
      );
    });
    // Throttling in a visit-day burst is expected and retried (capped consumers, the workflow's
    // throttle retries): one account-wide alarm for throttling that lasts, not one per function.
    const throttles = new Alarm(this, 'FunctionThrottles', {
      metric: new Metric({
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        statistic: 'Sum',
        period: Duration.minutes(1),
      }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 10,
      datapointsToAlarm: 10,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription:
        'Lambda functions were throttled every minute for ten minutes: raise the account concurrency or the caps.',
    });
    throttles.addAlarmAction(action);
    this.alarms.push(throttles);

    new Dashboard(this, 'Dashboard', {
      widgets: [
        [
          new GraphWidget({
            title: 'API requests and errors',
            left: [props.api.metricCount(), props.api.metricClientError(), props.api.metricServerError()],
            right: [props.api.metricLatency({ statistic: 'p99' })],
          }),
          new GraphWidget({
            title: 'Ticket workflows',
            left: [
              props.stateMachine.metricStarted(),
              props.stateMachine.metricSucceeded(),
              props.stateMachine.metricFailed(),
              props.stateMachine.metricTimedOut(),
            ],
          }),
        ],
        [
          new GraphWidget({
            title: 'Dead-letter queues',
            left: props.deadLetterQueues.map((q) => q.metricApproximateNumberOfMessagesVisible()),
          }),
          new GraphWidget({
            title: 'Function errors',
            left: props.functions.map((fn) => fn.metricErrors()),
          }),
        ],
      ],
    });
  }
}
