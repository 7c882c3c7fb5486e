import { Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import {
  AccessLogFormat,
  ApiKeySourceType,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  type IAuthorizer,
  IdentitySource,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  MockIntegration,
  PassthroughBehavior,
  Period,
  RequestAuthorizer,
  RequestValidator,
  ResponseType,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { GATEWAY_RESPONSES, gatewayResponseBody } from '../../shared/http/gateway-responses.ts';
import { acknowledge } from '../nag.ts';
import type { AgencyWebhooks } from './agency-webhooks.ts';
import type { Data } from './data.ts';
import { PasokhFunction } from './pasokh-function.ts';

export const API_STAGE = 'prod';

/**
 * The REST API of SPEC §5 under /api/v1: public citizen routes (WAF rate-limited), the agency
 * API (API key + authorizer + usage plan), staff routes (Cognito), and GET /health.
 */
export class Api extends Construct {
  readonly restApi: RestApi;
  readonly functions: PasokhFunction[] = [];

  constructor(
    scope: Construct,
    id: string,
    props: {
      data: Data;
      intakeQueue: IQueue;
      stateMachine: IStateMachine;
      userPool: IUserPool;
      /** What the ops API empties back into their queues, and the repair queue it lists. */
      deadLetterQueues: IQueue[];
      repairQueue: IQueue;
      webhooks: AgencyWebhooks;
    },
  ) {
    super(scope, id);
    const { data } = props;
    const tableEnv = {
      TABLE_NAME: data.table.tableName,
      IDENTITY_HASH_SECRET_ID: data.identityHashSecret.secretArn,
    };
    const fn = (
      name: string,
      entry: string,
      description: string,
      environment: Record<string, string> = tableEnv,
      timeout?: Duration,
    ) => {
      const f = new PasokhFunction(this, name, {
        entry,
        description,
        environment,
        ...(timeout ? { timeout } : {}),
      });
      this.functions.push(f);
      return f.fn;
    };

    // One invoke permission per function for the whole API, not two per method: with 40 functions
    // behind 50 methods, per-method permissions alone would take CloudFormation's 500-resource stack
    // limit. Which method reaches which function is still the API's own configuration.
    const integrate = (f: IFunction) => new LambdaIntegration(f, { scopePermissionToMethod: false });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.restApi = new RestApi(this, 'RestApi', {
      description: 'Pasokh public-request response center',
      endpointTypes: [EndpointType.REGIONAL],
      apiKeySourceType: ApiKeySourceType.HEADER,
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: API_STAGE,
        tracingEnabled: true,
        // Method logs without request or response bodies: they may hold personal data.
        loggingLevel: MethodLoggingLevel.INFO,
        dataTraceEnabled: false,
        metricsEnabled: true,
        throttlingRateLimit: 500,
        throttlingBurstLimit: 1000,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat: AccessLogFormat.jsonWithStandardFields({
          caller: false,
          httpMethod: true,
          ip: true,
          protocol: true,
          requestTime: true,
          resourcePath: true,
          responseLength: true,
          status: true,
          user: false,
        }),
      },
    });
    for (const [type, response] of Object.entries(GATEWAY_RESPONSES)) {
      this.restApi.addGatewayResponse(`Response${type}`, {
        type: ResponseType.of(type),
        statusCode: String(response.statusCode),
        // As the functions' own answers: never cached, never sniffed as another type.
        responseHeaders: { 'Cache-Control': "'no-store'", 'X-Content-Type-Options': "'nosniff'" },
        templates: { 'application/json': gatewayResponseBody(type as keyof typeof GATEWAY_RESPONSES) },
      });
    }
    const validator = new RequestValidator(this, 'Validator', {
      restApi: this.restApi,
      validateRequestParameters: true,
      // Bodies are validated by the functions (zod, bilingual messages); no method sets a model.
      validateRequestBody: true,
    });

    const v1 = this.restApi.root.addResource('api').addResource('v1');

    // --- citizens ---
    const submit = fn('SubmitRequest', 'functions/http/submit-request.ts', 'POST /api/v1/requests', {
      ...tableEnv,
      INTAKE_QUEUE_URL: props.intakeQueue.queueUrl,
    });
    data.table.grantReadWriteData(submit);
    data.identityHashSecret.grantRead(submit);
    props.intakeQueue.grantSendMessages(submit);
    const requests = v1.addResource('requests');
    requests.addMethod('POST', integrate(submit), { requestValidator: validator });

    const track = fn(
      'TrackRequest',
      'functions/http/track-request.ts',
      'GET /api/v1/requests/{trackingCode}',
    );
    data.table.grantReadData(track);
    data.identityHashSecret.grantRead(track);
    // Counting wrong guesses at a tracking code: updates of the guard items only.
    track.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:UpdateItem'],
        resources: [data.table.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['GUARD#*'] } },
      }),
    );
    const request = requests.addResource('{trackingCode}');
    request.addMethod('GET', integrate(track), {
      requestValidator: validator,
      requestParameters: { 'method.request.querystring.mobile': true },
    });
    // What the citizen says after a result or to an agency's question moves the request on and
    // resumes its waiting workflow: POST /requests/{trackingCode}/feedback and …/replies.
    const citizenAnswer = (name: string, entry: string, path: 'feedback' | 'replies') => {
      const f = fn(name, entry, `POST /api/v1/requests/{trackingCode}/${path}`);
      data.table.grantReadWriteData(f);
      data.identityHashSecret.grantRead(f);
      props.stateMachine.grantTaskResponse(f);
      request.addResource(path).addMethod('POST', integrate(f), { requestValidator: validator });
    };
    citizenAnswer('CitizenFeedback', 'functions/http/citizen-feedback.ts', 'feedback');
    citizenAnswer('CitizenReply', 'functions/http/citizen-reply.ts', 'replies');
    // The confirmation SMS's token: a number OCR read is the writer's.
    const confirmFn = fn(
      'CitizenConfirmMobile',
      'functions/http/citizen-confirm-mobile.ts',
      'POST /api/v1/requests/{trackingCode}/mobile-confirmation',
    );
    data.table.grantReadWriteData(confirmFn);
    data.identityHashSecret.grantRead(confirmFn);
    request
      .addResource('mobile-confirmation')
      .addMethod('POST', integrate(confirmFn), { requestValidator: validator });

    // --- agencies ---
    const authorizerFn = fn(
      'AgencyAuthorizer',
      'functions/auth/agency-authorizer.ts',
      'Agency API key authorizer',
      {
        TABLE_NAME: data.table.tableName,
      },
    );
    data.table.grantReadData(authorizerFn);
    const agencyAuthorizer = new RequestAuthorizer(this, 'AgencyKeyAuthorizer', {
      handler: authorizerFn,
      identitySources: [IdentitySource.header('x-api-key')],
      resultsCacheTtl: Duration.minutes(5),
    });
    const agencyMethod = {
      authorizer: agencyAuthorizer as IAuthorizer,
      apiKeyRequired: true,
      requestValidator: validator,
    };
    // Functions that change tickets and referrals and resume waiting workflows (agencies' answers,
    // reviewers' decisions): the table, the identity key, the workflow's task tokens.
    const caseworkFn = (
      name: string,
      entry: string,
      description: string,
      environment: Record<string, string> = tableEnv,
    ) => {
      const f = fn(name, entry, description, environment);
      data.table.grantReadWriteData(f);
      data.identityHashSecret.grantRead(f);
      props.stateMachine.grantTaskResponse(f);
      return f;
    };
    const referrals = v1.addResource('agency').addResource('referrals');
    referrals.addMethod(
      'GET',
      integrate(caseworkFn('AgencyListReferrals', 'functions/http/agency-list-referrals.ts', 'Agency inbox')),
      agencyMethod,
    );
    const referral = referrals.addResource('{referralId}');
    referral
      .addResource('ack')
      .addMethod(
        'POST',
        integrate(
          caseworkFn('AgencyAcknowledge', 'functions/http/agency-acknowledge.ts', 'Agency acknowledges'),
        ),
        agencyMethod,
      );
    // Answers, and the documents attached to them (presigned uploads under responses/).
    const respondFn = caseworkFn('AgencyRespond', 'functions/http/agency-respond.ts', 'Agency responds', {
      ...tableEnv,
      ATTACHMENTS_BUCKET: data.attachments.bucketName,
    });
    data.attachments.grantPut(respondFn, 'responses/*');
    data.attachments.grantRead(respondFn, 'responses/*');
    acknowledge(respondFn, [
      {
        id: 'AwsSolutions-IAM5[Resource::<DataAttachments8CD6CAB2.Arn>/responses/*]',
        reason:
          'Agencies upload (presigned) and the function checks their documents under responses/, by referral id.',
      },
    ]);
    const respondIntegration = integrate(respondFn);
    referral.addResource('responses').addMethod('POST', respondIntegration, agencyMethod);
    referral.addResource('attachments').addMethod('POST', respondIntegration, agencyMethod);
    // The agency's webhook: its receiver, the deliveries made to it, replays.
    const webhookFn = fn(
      'AgencyWebhook',
      'functions/http/agency-webhook.ts',
      "An agency's webhook: register, read, remove, deliveries, replay",
      props.webhooks.environment(data),
    );
    props.webhooks.bind(webhookFn, data);
    const webhookIntegration = integrate(webhookFn);
    const webhook = v1.getResource('agency')?.addResource('webhook');
    for (const method of ['PUT', 'GET', 'DELETE'])
      webhook?.addMethod(method, webhookIntegration, agencyMethod);
    const deliveries = webhook?.addResource('deliveries');
    deliveries?.addMethod('GET', webhookIntegration, agencyMethod);
    deliveries
      ?.addResource('{deliveryId}')
      .addResource('replay')
      .addMethod('POST', webhookIntegration, agencyMethod);

    const plan = this.restApi.addUsagePlan('AgencyPlan', {
      name: 'agencies',
      description: 'Per-agency limits; each agency key is added to this plan when issued',
      throttle: { rateLimit: 20, burstLimit: 40 },
      quota: { limit: 200_000, period: Period.DAY },
    });
    plan.addApiStage({ stage: this.restApi.deploymentStage });

    // --- staff ---
    const staffAuthorizer = new CognitoUserPoolsAuthorizer(this, 'StaffAuthorizer', {
      cognitoUserPools: [props.userPool],
    });
    const staffTicket = fn('StaffGetTicket', 'functions/http/staff-get-ticket.ts', 'Staff view of one case', {
      ...tableEnv,
      ATTACHMENTS_BUCKET: data.attachments.bucketName,
    });
    data.table.grantReadData(staffTicket);
    // Links to the documents agencies attached to their answers.
    data.attachments.grantRead(staffTicket, 'responses/*');
    acknowledge(staffTicket, [
      {
        id: 'AwsSolutions-IAM5[Resource::<DataAttachments8CD6CAB2.Arn>/responses/*]',
        reason:
          "Staff open the documents agencies attached to a case's answers, under responses/ by referral id.",
      },
    ]);
    data.identityHashSecret.grantRead(staffTicket);
    // New history events under a ticket only (who revealed contact details, a note): no other writes.
    const grantHistoryEvents = (f: typeof staffTicket) =>
      f.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:PutItem'],
          resources: [data.table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TICKET#*'] } },
        }),
      );
    grantHistoryEvents(staffTicket);
    const staffMethod = {
      authorizer: staffAuthorizer,
      authorizationType: AuthorizationType.COGNITO,
      requestValidator: validator,
    };
    const staffTicketResource = v1.addResource('staff').addResource('tickets').addResource('{ticketId}');
    const staffTickets = v1.getResource('staff')?.getResource('tickets');
    staffTicketResource.addMethod('GET', integrate(staffTicket), staffMethod);
    const searchFn = fn(
      'StaffSearchTickets',
      'functions/http/staff-search-tickets.ts',
      'Staff search requests',
    );
    data.table.grantReadData(searchFn);
    data.identityHashSecret.grantRead(searchFn);
    staffTickets?.addResource('search').addMethod('POST', integrate(searchFn), staffMethod);
    const notesFn = fn('StaffCaseNotes', 'functions/http/staff-case-notes.ts', 'Staff notes on a case');
    data.table.grantReadData(notesFn);
    data.identityHashSecret.grantRead(notesFn);
    grantHistoryEvents(notesFn);
    staffTicketResource.addResource('notes').addMethod('POST', integrate(notesFn), staffMethod);
    // The audit trail by actor: supervisors and administrators read, nothing is written.
    const auditFn = fn(
      'StaffAudit',
      'functions/http/staff-audit.ts',
      "Supervisors read a staff member's or agency's audit trail",
    );
    data.table.grantReadData(auditFn);
    data.identityHashSecret.grantRead(auditFn);
    v1.getResource('staff')?.addResource('audit').addMethod('GET', integrate(auditFn), staffMethod);
    // A reviewer's actions on one ticket: each its own function under /staff/tickets/{ticketId}.
    const classifyFn = caseworkFn(
      'StaffClassifyTicket',
      'functions/http/staff-classify-ticket.ts',
      'Reviewer classifies, closes or re-routes a ticket',
    );
    staffTicketResource.addResource('classification').addMethod('POST', integrate(classifyFn), staffMethod);
    // Transcription: GET shows the scans (presigned links) and OCR's reading, POST takes the typed letter.
    const transcribeFn = caseworkFn(
      'StaffTranscribeTicket',
      'functions/http/staff-transcribe-ticket.ts',
      'Reviewer types or corrects a paper letter OCR could not read',
      { ...tableEnv, ATTACHMENTS_BUCKET: data.attachments.bucketName },
    );
    data.attachments.grantRead(transcribeFn, 'batches/*');
    data.attachments.grantRead(transcribeFn, 'readings/*');
    acknowledge(transcribeFn, [
      {
        id: 'AwsSolutions-IAM5[Resource::<DataAttachments8CD6CAB2.Arn>/batches/*]',
        reason: 'Reviewers view the scans of the letter they type; scans live under batches/ by batch id.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::<DataAttachments8CD6CAB2.Arn>/readings/*]',
        reason: 'Reviewers see what OCR read from a letter, stored under readings/ by ticket id.',
      },
    ]);
    const transcription = staffTicketResource.addResource('transcription');
    const transcribeIntegration = integrate(transcribeFn);
    transcription.addMethod('GET', transcribeIntegration, staffMethod);
    transcription.addMethod('POST', transcribeIntegration, staffMethod);
    const clustersFn = caseworkFn(
      'StaffClusterMembers',
      'functions/http/staff-cluster-members.ts',
      'Reviewers merge and unmerge duplicates',
    );
    const cluster = v1.getResource('staff')?.addResource('clusters').addResource('{clusterId}');
    const clustersIntegration = integrate(clustersFn);
    cluster?.addMethod('GET', clustersIntegration, staffMethod);
    const members = cluster?.addResource('members');
    members?.addMethod('POST', clustersIntegration, staffMethod);
    members?.addResource('{ticketId}').addMethod('DELETE', clustersIntegration, staffMethod);

    // The human task queue: reviewers', supervisors' and operators' work, claimed and completed.
    const tasksFn = caseworkFn('StaffTasks', 'functions/http/staff-tasks.ts', 'The human task queue');
    const tasksIntegration = integrate(tasksFn);
    const tasks = v1.getResource('staff')?.addResource('tasks');
    tasks?.addMethod('GET', tasksIntegration, staffMethod);
    tasks?.addResource('counts').addMethod('GET', tasksIntegration, staffMethod);
    const task = tasks?.addResource('{taskId}');
    const claim = task?.addResource('claim');
    claim?.addMethod('POST', tasksIntegration, staffMethod);
    claim?.addMethod('DELETE', tasksIntegration, staffMethod);
    task?.addResource('completion').addMethod('POST', tasksIntegration, staffMethod);

    // Operator intake: a request registered for a citizen, the citizen's open requests, a repeat call.
    const intakeFn = fn(
      'StaffOperatorIntake',
      'functions/http/staff-operator-intake.ts',
      'Operators register requests for citizens and join repeat calls to open ones',
      { ...tableEnv, INTAKE_QUEUE_URL: props.intakeQueue.queueUrl },
    );
    data.table.grantReadWriteData(intakeFn);
    data.identityHashSecret.grantRead(intakeFn);
    props.intakeQueue.grantSendMessages(intakeFn);
    // Relaying a citizen's answer resumes the workflow waiting for it.
    props.stateMachine.grantTaskResponse(intakeFn);
    const intakeIntegration = integrate(intakeFn);
    const staffRoot = v1.getResource('staff');
    staffRoot?.addResource('requests').addMethod('POST', intakeIntegration, staffMethod);
    staffRoot?.addResource('citizen-lookups').addMethod('POST', intakeIntegration, staffMethod);
    staffTicketResource.addResource('contacts').addMethod('POST', intakeIntegration, staffMethod);
    staffTicketResource.addResource('replies').addMethod('POST', intakeIntegration, staffMethod);

    // Operators' letter batches: one function for the routes, granted the scans it uploads and checks.
    const batchesFn = fn(
      'StaffLetterBatches',
      'functions/http/staff-letter-batches.ts',
      'Operators scan paper letters in batches',
      {
        ...tableEnv,
        ATTACHMENTS_BUCKET: data.attachments.bucketName,
        INTAKE_QUEUE_URL: props.intakeQueue.queueUrl,
      },
      // Submitting a big batch opens tickets for as long as API Gateway waits (29 s).
      Duration.seconds(28),
    );
    data.table.grantReadWriteData(batchesFn);
    data.identityHashSecret.grantRead(batchesFn);
    // Presigned uploads carry this function's permission; it also reads pages' size and first bytes.
    data.attachments.grantPut(batchesFn, 'batches/*');
    data.attachments.grantRead(batchesFn, 'batches/*');
    props.intakeQueue.grantSendMessages(batchesFn);
    acknowledge(batchesFn, [
      {
        id: 'AwsSolutions-IAM5[Resource::<DataAttachments8CD6CAB2.Arn>/batches/*]',
        reason:
          'Operators upload (presigned) and the function checks scanned pages under batches/, keyed by new batch ids.',
      },
    ]);
    const batchesIntegration = integrate(batchesFn);
    const batches = v1.getResource('staff')?.addResource('batches');
    batches?.addMethod('POST', batchesIntegration, staffMethod);
    batches?.addMethod('GET', batchesIntegration, staffMethod);
    const batch = batches?.addResource('{batchId}');
    batch?.addMethod('GET', batchesIntegration, staffMethod);
    batch?.addResource('submission').addMethod('POST', batchesIntegration, staffMethod);
    batch?.addResource('cancellation').addMethod('POST', batchesIntegration, staffMethod);
    const letters = batch?.addResource('letters');
    letters?.addMethod('POST', batchesIntegration, staffMethod);
    const letter = letters?.addResource('{letterNo}');
    letter?.addMethod('DELETE', batchesIntegration, staffMethod);
    letter?.addResource('uploads').addMethod('POST', batchesIntegration, staffMethod);

    // --- administrators: reference data (taxonomy, agencies, counties, policy) and its change log ---
    const adminFn = fn(
      'AdminReference',
      'functions/http/admin-reference.ts',
      'Administrators edit reference data',
      {
        TABLE_NAME: data.table.tableName,
      },
    );
    data.table.grantReadWriteData(adminFn);
    const adminIntegration = integrate(adminFn);
    const adminRoot = v1.addResource('admin');
    const reference = adminRoot.addResource('reference');
    reference.addMethod('GET', adminIntegration, staffMethod);
    reference.addResource('changes').addMethod('GET', adminIntegration, staffMethod);
    adminRoot.addResource('categories').addResource('{code}').addMethod('PUT', adminIntegration, staffMethod);
    adminRoot
      .addResource('agencies')
      .addResource('{agencyId}')
      .addMethod('PUT', adminIntegration, staffMethod);
    adminRoot.addResource('counties').addResource('{code}').addMethod('PUT', adminIntegration, staffMethod);
    adminRoot.addResource('policy').addMethod('PUT', adminIntegration, staffMethod);

    // --- operations (SPEC §5, `npm run ops`): IAM-signed requests from the operations role ---
    const opsFn = fn(
      'Operations',
      'functions/http/operations.ts',
      'The ops API: executions by ticket, dead-letter queues, stuck and failed tickets',
      {
        ...tableEnv,
        STATE_MACHINE_ARN: props.stateMachine.stateMachineArn,
        INTAKE_QUEUE_URL: props.intakeQueue.queueUrl,
        DEAD_LETTER_QUEUE_URLS: Fn.join(',', [
          ...props.deadLetterQueues.map((q) => q.queueUrl),
          props.repairQueue.queueUrl,
        ]),
      },
      Duration.seconds(28),
    );
    data.table.grantReadWriteData(opsFn);
    data.identityHashSecret.grantRead(opsFn);
    props.intakeQueue.grantSendMessages(opsFn);
    props.stateMachine.grantRead(opsFn);
    props.stateMachine.grantExecution(opsFn, 'states:RedriveExecution');
    for (const queue of [...props.deadLetterQueues, props.repairQueue]) {
      queue.grant(
        opsFn,
        'sqs:GetQueueAttributes',
        'sqs:ListDeadLetterSourceQueues',
        'sqs:StartMessageMoveTask',
      );
      // A message move task reads and deletes in the dead-letter queue and sends to its source.
      queue.grantConsumeMessages(opsFn);
    }
    acknowledge(opsFn, [
      {
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"TicketWorkflowStateMachineDBCC1401"}]}]}:*]',
        reason:
          'Ops find, read and redrive any execution of the ticket workflow; scoped to that one state machine.',
      },
    ]);
    const opsIntegration = integrate(opsFn);
    const opsMethod = { authorizationType: AuthorizationType.IAM };
    const ops = v1.addResource('ops');
    const opsExecutions = ops.addResource('executions');
    opsExecutions.addMethod('GET', opsIntegration, opsMethod);
    opsExecutions
      .addResource('{reference}')
      .addResource('history')
      .addMethod('GET', opsIntegration, opsMethod);
    const opsQueues = ops.addResource('dead-letter-queues');
    opsQueues.addMethod('GET', opsIntegration, opsMethod);
    opsQueues.addResource('{queue}').addResource('redrive').addMethod('POST', opsIntegration, opsMethod);
    const stuck = ops.addResource('stuck');
    stuck.addMethod('GET', opsIntegration, opsMethod);
    stuck.addResource('repair').addMethod('POST', opsIntegration, opsMethod);
    const failed = ops.addResource('failed');
    failed.addMethod('GET', opsIntegration, opsMethod);
    failed.addResource('redrive').addMethod('POST', opsIntegration, opsMethod);

    // --- the OpenAPI document ---
    const openApiFn = fn('OpenApiDocument', 'functions/http/openapi.ts', 'GET /api/v1/openapi.json', {
      TABLE_NAME: data.table.tableName,
    });
    data.table.grantReadData(openApiFn);
    v1.addResource('openapi.json').addMethod('GET', integrate(openApiFn), {
      requestValidator: validator,
    });

    // --- health ---
    this.restApi.root.addResource('health').addMethod(
      'GET',
      new MockIntegration({
        passthroughBehavior: PassthroughBehavior.NEVER,
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
        integrationResponses: [
          { statusCode: '200', responseTemplates: { 'application/json': '{"status":"ok"}' } },
        ],
      }),
      { methodResponses: [{ statusCode: '200' }], requestValidator: validator },
    );

    acknowledge(this.restApi, [
      {
        id: 'AwsSolutions-APIG4',
        reason:
          'Citizen routes and /health are public by design (SPEC §5); agency and staff routes have authorizers.',
      },
      {
        id: 'AwsSolutions-COG4',
        reason:
          'Only staff routes use Cognito; citizens are anonymous and agencies use API keys with an authorizer.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
        reason:
          'The account-level role API Gateway uses to write its logs; AWS provides only this managed policy.',
      },
    ]);
  }
}
