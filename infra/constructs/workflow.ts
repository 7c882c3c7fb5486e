import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Effect, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import {
  Choice,
  Condition,
  DefinitionBody,
  Errors,
  IntegrationPattern,
  JitterType,
  JsonPath,
  LogLevel,
  StateMachine,
  StateMachineType,
  Succeed,
  TaskInput,
  Timeout,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke, SqsSendMessage } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { Data } from './data.ts';
import { PasokhFunction } from './pasokh-function.ts';

/** Concurrent executions of each workflow step's function. */
export const WORKFLOW_STEP_CONCURRENCY = 3;

/** How long the agency's question waits for the citizen before the agency decides without the answer. */
export const CITIZEN_REPLY_WAIT = Duration.days(14);

/** How long a review or transcription may wait with nobody working it before it escalates (then waits again). */
export const REVIEW_WAIT = Duration.days(7);

/**
 * How long a paper letter may wait to be read: a visit day's pile behind a capped reader. After
 * it, a reviewer types the letter (and the intake sweep may hand a still-unread letter on again).
 */
export const OCR_WAIT = Duration.hours(6);

/**
 * Errors a fresh attempt can cure: a concurrent write, throttling, a 5xx, the network, a Lambda
 * that timed out or was throttled. Anything else fails the execution, which is then redriven
 * (infra/constructs/workflow-repair.ts).
 */
export const TRANSIENT_ERRORS = [
  'ConflictError',
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'TransactionConflict',
  'RequestLimitExceeded',
  'InternalServerError',
  'InternalFailure',
  'ServiceUnavailable',
  'TimeoutError',
  'NetworkingError',
  'Sandbox.Timedout',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Runtime.ExitError',
  'States.Timeout',
];

/**
 * The ticket workflow (Standard): a paper letter is read first (OCR, or a reviewer types it), then
 * Classify → (review) → Refer → wait for the agency, escalating
 * each time the SLA passes → resolved, or back to review when the agency is not responsible.
 * Every task has a timeout and retries transient errors with backoff and jitter; anything else
 * fails the execution at that step, to be redriven from it (WorkflowRepair). Execution data
 * holds ids only, never personal data.
 */
export class TicketWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly functions: PasokhFunction[] = [];

  constructor(scope: Construct, id: string, props: { data: Data; ocrQueue: IQueue }) {
    super(scope, id);
    const step = (name: string, entry: string, description: string) => {
      const fn = new PasokhFunction(this, `${name}Function`, {
        entry,
        description,
        timeout: Duration.seconds(30),
        // Back-pressure: the workflow drains a burst at a bounded rate, leaving the intake (and
        // the table) its latency; a task beyond it is throttled and retried with backoff.
        reservedConcurrentExecutions: WORKFLOW_STEP_CONCURRENCY,
        environment: {
          TABLE_NAME: props.data.table.tableName,
          IDENTITY_HASH_SECRET_ID: props.data.identityHashSecret.secretArn,
          CLASSIFY_CONFIDENCE_THRESHOLD: '0.5',
        },
      });
      props.data.table.grantReadWriteData(fn.fn);
      props.data.identityHashSecret.grantRead(fn.fn);
      this.functions.push(fn);
      return fn.fn;
    };
    const classifyFn = step(
      'Classify',
      'functions/workflow/classify.ts',
      'Classifies a ticket or sends it to review',
    );
    const referFn = step('Refer', 'functions/workflow/refer.ts', 'Refers a ticket to its agency with an SLA');
    const awaitAgencyFn = step(
      'AwaitAgency',
      'functions/workflow/await-agency.ts',
      'Records the agency wait token',
    );
    const escalateFn = step('Escalate', 'functions/workflow/escalate.ts', 'Escalates an overdue referral');
    const awaitReviewFn = step(
      'AwaitReview',
      'functions/workflow/await-review.ts',
      'Records the review wait token',
    );
    const awaitTranscriptionFn = step(
      'AwaitTranscription',
      'functions/workflow/await-transcription.ts',
      'Records the transcription wait token',
    );
    const closeIfQuietFn = step(
      'CloseIfQuiet',
      'functions/workflow/close-if-quiet.ts',
      'Closes a resolved request when its feedback grace period passes',
    );
    const awaitFeedbackFn = step(
      'AwaitFeedback',
      'functions/workflow/await-feedback.ts',
      'Records the feedback wait token',
    );
    const reopenFn = step('Reopen', 'functions/workflow/reopen.ts', 'Refers a reopened request again');
    const awaitCitizenFn = step(
      'AwaitCitizen',
      'functions/workflow/await-citizen.ts',
      "Records the wait for the citizen's answer",
    );
    const flagOverdueFn = step(
      'FlagOverdueWait',
      'functions/workflow/flag-overdue-wait.ts',
      'Escalates a review or transcription nobody did in time',
    );
    const resumeReferralFn = step(
      'ResumeReferral',
      'functions/workflow/resume-referral.ts',
      'Restarts the SLA clock after the wait for the citizen',
    );

    const ticketId = JsonPath.stringAt('$.ticketId');
    /** A Lambda task that retries transient errors; with a timeout, a waitForTaskToken task. */
    const task = (
      name: string,
      fn: typeof classifyFn,
      payload: Record<string, unknown>,
      resultPath: string,
      waitForToken?: Timeout,
    ) => {
      const lambdaTask = new LambdaInvoke(this, name, {
        lambdaFunction: fn,
        retryOnServiceExceptions: true,
        resultPath,
        ...(waitForToken
          ? {
              integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
              payload: TaskInput.fromObject({ ...payload, taskToken: JsonPath.taskToken }),
              taskTimeout: waitForToken,
            }
          : {
              payload: TaskInput.fromObject(payload),
              payloadResponseOnly: true,
              taskTimeout: Timeout.duration(Duration.seconds(60)),
            }),
      });
      // A waiting task's own timeout is its SLA, caught below; only a working task's is transient.
      const errors = waitForToken ? TRANSIENT_ERRORS.filter((e) => e !== Errors.TIMEOUT) : TRANSIENT_ERRORS;
      lambdaTask.addRetry({
        errors,
        interval: Duration.seconds(1),
        maxAttempts: 6,
        backoffRate: 2,
        maxDelay: Duration.seconds(30),
        jitterStrategy: JitterType.FULL,
      });
      // A throttled step (reserved concurrency reached in a burst) is not failing: it waits its
      // turn, for up to about 20 minutes, so a backlog drains instead of failing tickets.
      lambdaTask.addRetry({
        errors: ['Lambda.TooManyRequestsException'],
        interval: Duration.seconds(2),
        maxAttempts: 25,
        backoffRate: 1.5,
        maxDelay: Duration.seconds(60),
        jitterStrategy: JitterType.FULL,
      });
      return lambdaTask;
    };

    const classify = task('ClassifyTicket', classifyFn, { ticketId }, '$.classification');
    // Classify's answer travels to Refer, which writes it with the referral.
    const refer = task(
      'ReferTicket',
      referFn,
      { ticketId, classification: JsonPath.objectAt('$.classification') },
      '$.wait',
    );
    const escalate = task(
      'EscalateReferral',
      escalateFn,
      { ticketId, referralId: JsonPath.stringAt('$.wait.referralId') },
      '$.wait',
    );
    const awaitAgency = task(
      'AwaitAgency',
      awaitAgencyFn,
      { ticketId, referralId: JsonPath.stringAt('$.wait.referralId') },
      '$.agency',
      Timeout.at('$.wait.seconds'),
    );
    const awaitReview = task(
      'AwaitReview',
      awaitReviewFn,
      { ticketId },
      '$.review',
      Timeout.duration(REVIEW_WAIT),
    );
    // Nobody reviewed it within the bound: the supervisors are told, and it waits again.
    const reviewOverdue = task('ReviewOverdue', flagOverdueFn, { ticketId }, JsonPath.DISCARD);

    // Paper letters are read first: the OCR queue's consumer resumes ReadLetter with its decision.
    const readLetter = new SqsSendMessage(this, 'ReadLetter', {
      queue: props.ocrQueue,
      integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      messageBody: TaskInput.fromObject({ ticketId, taskToken: JsonPath.taskToken }),
      resultPath: '$.digitized',
      taskTimeout: Timeout.duration(OCR_WAIT),
    });
    readLetter.addRetry({
      errors: ['SQS.SdkClientException', 'SQS.AmazonSQSException'],
      interval: Duration.seconds(2),
      maxAttempts: 4,
      backoffRate: 2,
    });
    const awaitTranscription = task(
      'AwaitTranscription',
      awaitTranscriptionFn,
      { ticketId },
      '$.transcription',
      Timeout.duration(REVIEW_WAIT),
    );
    const transcriptionOverdue = task('TranscriptionOverdue', flagOverdueFn, { ticketId }, JsonPath.DISCARD);
    // OCR that failed for good, or never finished: a person reads the letter.
    readLetter.addCatch(awaitTranscription, {
      errors: ['OcrFailed', Errors.TIMEOUT],
      resultPath: '$.ocrError',
    });
    awaitTranscription.addCatch(transcriptionOverdue, { errors: [Errors.TIMEOUT], resultPath: '$.timeout' });
    transcriptionOverdue.next(awaitTranscription);
    // After a result: the citizen may rate it; silence closes it, an unhappy rating reopens it.
    const resolved = task('CloseIfQuiet', closeIfQuietFn, { ticketId }, '$.resolution');
    const awaitFeedback = task(
      'AwaitFeedback',
      awaitFeedbackFn,
      { ticketId },
      '$.feedback',
      Timeout.at('$.resolution.seconds'),
    );
    const reopen = task('ReopenTicket', reopenFn, { ticketId }, '$.wait');
    const followUpEnded = new Succeed(this, 'FollowUpEnded');
    resolved.next(
      new Choice(this, 'RouteResolution')
        .when(Condition.booleanEquals('$.resolution.done', true), followUpEnded)
        .otherwise(awaitFeedback),
    );
    awaitFeedback.addCatch(resolved, { errors: [Errors.TIMEOUT], resultPath: '$.timeout' });
    const closedInReview = new Succeed(this, 'ClosedInReview');

    awaitAgency.addCatch(escalate, { errors: [Errors.TIMEOUT], resultPath: '$.timeout' });
    awaitReview.addCatch(reviewOverdue, { errors: [Errors.TIMEOUT], resultPath: '$.timeout' });
    reviewOverdue.next(awaitReview);

    // The agency asked the citizen: the SLA clock stops until the answer, or until the wait ends.
    const awaitCitizen = task(
      'AwaitCitizen',
      awaitCitizenFn,
      { ticketId, referralId: JsonPath.stringAt('$.wait.referralId') },
      '$.citizen',
      Timeout.duration(CITIZEN_REPLY_WAIT),
    );
    const resumeReferral = task(
      'ResumeReferral',
      resumeReferralFn,
      { ticketId, referralId: JsonPath.stringAt('$.wait.referralId') },
      '$.wait',
    );
    awaitCitizen.addCatch(resumeReferral, { errors: [Errors.TIMEOUT], resultPath: '$.timeout' });
    awaitCitizen.next(resumeReferral);

    const agencyAnswer = (name: string, path: string) =>
      new Choice(this, name)
        .when(Condition.stringEquals(path, 'RESOLVED'), resolved)
        .when(Condition.stringEquals(path, 'NOT_RESPONSIBLE'), awaitReview)
        .when(Condition.stringEquals(path, 'NEEDS_INFO'), awaitCitizen);

    classify.next(
      new Choice(this, 'RouteClassification')
        .when(Condition.stringEquals('$.classification.decision', 'REVIEW'), awaitReview)
        .otherwise(refer),
    );
    readLetter.next(
      new Choice(this, 'RouteReading')
        .when(Condition.stringEquals('$.digitized.decision', 'TRANSCRIBE'), awaitTranscription)
        .otherwise(classify),
    );
    awaitTranscription.next(classify);
    const definition = new Choice(this, 'IsPaperLetter')
      .when(
        Condition.and(Condition.isPresent('$.paper'), Condition.booleanEquals('$.paper', true)),
        readLetter,
      )
      .otherwise(classify);
    awaitReview.next(
      new Choice(this, 'RouteReview')
        .when(Condition.stringEquals('$.review.decision', 'CLOSE'), closedInReview)
        .otherwise(refer),
    );
    refer.next(awaitAgency);
    // A new expected date: the escalation check waits until it (or escalates, if it has passed).
    awaitAgency.next(
      agencyAnswer('RouteAgencyAnswer', '$.agency.outcome')
        .when(Condition.stringEquals('$.agency.outcome', 'FOLLOW_UP'), escalate)
        .otherwise(awaitAgency),
    );
    escalate.next(agencyAnswer('RouteAfterEscalation', '$.wait.outcome').otherwise(awaitAgency));
    resumeReferral.next(agencyAnswer('RouteAfterCitizen', '$.wait.outcome').otherwise(awaitAgency));
    awaitFeedback.next(
      new Choice(this, 'RouteFeedback')
        .when(Condition.stringEquals('$.feedback.outcome', 'REOPENED'), reopen)
        .otherwise(followUpEnded),
    );
    reopen.next(
      new Choice(this, 'RouteReopen')
        .when(Condition.stringEquals('$.wait.decision', 'REVIEW'), awaitReview)
        .otherwise(awaitAgency),
    );

    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.SIX_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromChainable(definition),
      stateMachineType: StateMachineType.STANDARD,
      tracingEnabled: true,
      // Execution data is excluded from logs: only state names, times and errors are written.
      logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });

    // Waiting steps complete their own token when the answer came before the token was recorded.
    // A separate policy (not the functions' default policy) avoids a dependency cycle between
    // the functions and the state machine that invokes them.
    const resumeTasks = new Policy(this, 'ResumeTasks', {
      statements: [
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
          resources: [this.stateMachine.stateMachineArn],
        }),
      ],
    });
    for (const fn of [awaitAgencyFn, awaitReviewFn, awaitTranscriptionFn, awaitFeedbackFn, awaitCitizenFn])
      fn.role?.attachInlinePolicy(resumeTasks);
  }
}
