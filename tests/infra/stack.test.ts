import { existsSync } from 'node:fs';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/app.ts';
import { ENTRY_METADATA, REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { resolveIntrinsics } from '../../local/cloudformation/intrinsics.ts';
import {
  type CfnTemplate,
  resourcesOfType,
  synthesizeTemplate,
} from '../../local/cloudformation/template.ts';
import { LocalWebAcl, webAclOf } from '../../local/gateway/waf.ts';
import { LOOKUPS_PER_VIEWER, ORIGIN_VERIFY_HEADER, VIEWER_HEADER } from '../../shared/http/edge.ts';

let template: CfnTemplate;
let assertions: Template;

beforeAll(() => {
  // Synthesis runs cdk-nag's AwsSolutions checks and throws on any unacknowledged finding.
  template = synthesizeTemplate();
  assertions = Template.fromJSON(template as unknown as Record<string, unknown>);
}, 120_000);

type State = {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Catch?: Array<{ ErrorEquals: string[]; Next: string }>;
  Retry?: unknown[];
};

function definition(): { StartAt: string; States: Record<string, State> } {
  const machines = resourcesOfType(template, 'AWS::StepFunctions::StateMachine');
  expect(machines).toHaveLength(1);
  const text = resolveIntrinsics(machines[0]?.[1].Properties?.DefinitionString, {
    ref: (id) => `local-${id}`,
    getAtt: (id) => `arn:aws:lambda:us-east-1:123456789012:function:${id}`,
  });
  return JSON.parse(String(text));
}

describe('cdk-nag', () => {
  it('passes the synthesized app with every finding acknowledged (a stack with a finding fails)', () => {
    expect(template.Resources).toBeDefined();
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const { stack } = buildApp(app);
    new Bucket(Stack.of(stack), 'UnloggedBucket');
    expect(() => app.synth()).toThrow(/S3 Bucket has server access logs disabled/);
  }, 120_000);
});

describe('functions', () => {
  const functions = () =>
    resourcesOfType(template, 'AWS::Lambda::Function').filter(([, r]) => r.Metadata?.[ENTRY_METADATA]);

  it('run Node.js 22 on arm64 with tracing, JSON logs and their own log group', () => {
    expect(functions().length).toBeGreaterThanOrEqual(14);
    for (const [id, fn] of functions()) {
      expect(fn.Properties, id).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: expect.anything() },
      });
    }
    assertions.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.anyValue() });
  });

  it('name an entry file that exists', () => {
    for (const [, fn] of functions()) {
      expect(existsSync(join(REPO_ROOT, String(fn.Metadata?.[ENTRY_METADATA])))).toBe(true);
    }
  });
});

describe('data', () => {
  it('keeps the table encrypted with the customer key, recoverable, protected and streamed', () => {
    assertions.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'gsi1' })]),
    });
    assertions.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('blocks public access and requires TLS on every bucket', () => {
    for (const [id, bucket] of resourcesOfType(template, 'AWS::S3::Bucket')) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration, id).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    const policies = resourcesOfType(template, 'AWS::S3::BucketPolicy').map(([, p]) =>
      JSON.stringify(p.Properties),
    );
    expect(policies.length).toBe(resourcesOfType(template, 'AWS::S3::Bucket').length);
    for (const policy of policies) expect(policy).toContain('aws:SecureTransport');
  });
});

describe('queues', () => {
  it('give every work queue a DLQ with a bounded receive count', () => {
    const queues = resourcesOfType(template, 'AWS::SQS::Queue');
    const withRedrive = queues.filter(([, q]) => q.Properties?.RedrivePolicy);
    expect(withRedrive.length).toBeGreaterThanOrEqual(1);
    for (const [, queue] of withRedrive) {
      const redrive = queue.Properties?.RedrivePolicy as { maxReceiveCount: number };
      expect(redrive.maxReceiveCount).toBeGreaterThan(0);
      expect(redrive.maxReceiveCount).toBeLessThanOrEqual(10);
    }
    const dlqIds = new Set(
      withRedrive.map(([, q]) =>
        JSON.stringify(
          (q.Properties?.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined)?.deadLetterTargetArn,
        ),
      ),
    );
    // Where failed events end: the repair queue is an EventBridge target's dead-letter queue.
    for (const [, rule] of resourcesOfType(template, 'AWS::Events::Rule'))
      for (const target of (rule.Properties?.Targets ?? []) as Array<{ DeadLetterConfig?: { Arn: unknown } }>)
        if (target.DeadLetterConfig) dlqIds.add(JSON.stringify(target.DeadLetterConfig.Arn));
    for (const [id, queue] of queues) {
      if (!queue.Properties?.RedrivePolicy)
        expect(dlqIds.has(JSON.stringify({ 'Fn::GetAtt': [id, 'Arn'] })), id).toBe(true);
    }
  });

  it('hide messages at least six times as long as their consumer may run, and report batch item failures', () => {
    for (const [, mapping] of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
      const props = mapping.Properties as {
        EventSourceArn: { 'Fn::GetAtt': [string] };
        FunctionName: { Ref: string };
      };
      expect(mapping.Properties?.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      const queue = template.Resources[props.EventSourceArn['Fn::GetAtt'][0]];
      const fn = template.Resources[props.FunctionName.Ref];
      expect(Number(queue?.Properties?.VisibilityTimeout)).toBeGreaterThanOrEqual(
        6 * Number(fn?.Properties?.Timeout),
      );
    }
  });
});

describe('ticket workflow', () => {
  it('is a Standard state machine with X-Ray and full logging that leaves execution data out', () => {
    assertions.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('is valid Amazon States Language', () => {
    const { isValid, errorsText } = aslValidator(definition(), { checkArn: true, checkPaths: true });
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('gives every Task a timeout, and every waitForTaskToken task one from the SLA or a fixed bound', () => {
    const tasks = Object.entries(definition().States).filter(([, s]) => s.Type === 'Task');
    expect(tasks.length).toBe(7);
    for (const [name, task] of tasks) {
      expect(task.TimeoutSeconds !== undefined || task.TimeoutSecondsPath !== undefined, name).toBe(true);
    }
    const waits = tasks.filter(([, t]) => t.Resource?.endsWith('.waitForTaskToken'));
    expect(waits.map(([n]) => n).sort()).toEqual([
      'AwaitAgency',
      'AwaitReview',
      'AwaitTranscription',
      'ReadLetter',
    ]);
    expect(waits.find(([n]) => n === 'AwaitAgency')?.[1].TimeoutSecondsPath).toBe('$.wait.seconds');
  });

  it('escalates on an agency timeout; every task retries transient errors with backoff and jitter, and nothing else is caught', () => {
    const states = definition().States;
    expect(states.AwaitAgency?.Catch?.[0]).toMatchObject({
      ErrorEquals: ['States.Timeout'],
      Next: 'EscalateReferral',
    });
    for (const [name, state] of Object.entries(states)) {
      if (state.Type !== 'Task') continue;
      // A failure that retries cannot cure fails the execution at this step, to be redriven from it.
      expect(state.Catch?.some((c) => c.ErrorEquals.includes('States.ALL')) ?? false, name).toBe(false);
      expect(state.Retry?.length, name).toBeGreaterThan(0);
      if (!state.Resource?.includes(':sqs:'))
        expect(state.Retry, name).toContainEqual(
          expect.objectContaining({ JitterStrategy: 'FULL', MaxDelaySeconds: 30, BackoffRate: 2 }),
        );
    }
    expect(Object.keys(states)).not.toContain('MarkFailed');
  });

  it('redrives a failed or timed-out execution, and parks the ticket in an alarmed repair queue after that', () => {
    const [, rule] = resourcesOfType(template, 'AWS::Events::Rule').find(
      ([, r]) =>
        (r.Properties?.EventPattern as { source?: string[] } | undefined)?.source?.[0] === 'aws.states',
    ) ?? ['', undefined];
    expect(rule?.Properties?.EventPattern).toMatchObject({
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT'] },
    });
    const target = (rule?.Properties?.Targets as Array<Record<string, unknown>> | undefined)?.[0];
    expect(target).toMatchObject({
      RetryPolicy: { MaximumRetryAttempts: 8 },
      DeadLetterConfig: expect.anything(),
    });
  });
});

describe('paper letters', () => {
  it('are read first through the OCR queue, and go to a person when OCR fails or runs out of time', () => {
    const { StartAt, States } = definition() as {
      StartAt: string;
      States: Record<
        string,
        State & { Choices?: unknown[]; Default?: string; Next?: string; Parameters?: Record<string, unknown> }
      >;
    };
    expect(StartAt).toBe('IsPaperLetter');
    expect(JSON.stringify(States.IsPaperLetter?.Choices)).toContain('"Next":"ReadLetter"');
    expect(States.IsPaperLetter?.Default).toBe('ClassifyTicket');
    const read = States.ReadLetter;
    expect(read?.Resource).toBe('arn:aws:states:::sqs:sendMessage.waitForTaskToken');
    expect(JSON.stringify(read?.Parameters)).toContain('$$.Task.Token');
    // Only the ticket id and the token travel: never the letter or its sender.
    expect(
      Object.keys((read?.Parameters as { MessageBody?: object } | undefined)?.MessageBody ?? {}).sort(),
    ).toEqual(['taskToken.$', 'ticketId.$']);
    expect(read?.Catch?.[0]).toEqual(
      expect.objectContaining({ ErrorEquals: ['OcrFailed', 'States.Timeout'], Next: 'AwaitTranscription' }),
    );
    expect(States.AwaitTranscription?.Next).toBe('ClassifyTicket');
  });

  it('are read by a capped consumer with room for Tesseract, granted the scans and the workflow tokens', () => {
    const readers = resourcesOfType(template, 'AWS::Lambda::Function').filter(
      ([, f]) => f.Metadata?.[ENTRY_METADATA] === 'functions/queue/digitize-letter.ts',
    );
    expect(readers).toHaveLength(1);
    const [readerId, reader] = readers[0] as (typeof readers)[number];
    expect(Number(reader.Properties?.MemorySize)).toBeGreaterThanOrEqual(2048);
    assertions.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: readerId },
      BatchSize: 1,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    const policies = resourcesOfType(template, 'AWS::IAM::Policy').filter(([, p]) =>
      JSON.stringify(p.Properties?.Roles).includes(readerId.replace(/[0-9A-F]{8}$/, '')),
    );
    const actions = JSON.stringify(policies.map(([, p]) => p.Properties?.PolicyDocument));
    for (const action of [
      'textract:DetectDocumentText',
      'textract:StartDocumentTextDetection',
      'textract:GetDocumentTextDetection',
      'iam:PassRole',
      'states:SendTaskSuccess',
      's3:GetObject*',
    ]) {
      expect(actions).toContain(action);
    }
    // It writes only what it read (readings/), never a scan.
    type Statement = { Action: unknown; Resource: unknown };
    const statements = policies.flatMap(
      ([, p]) => (p.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? [],
    );
    const puts = statements.filter((st) => JSON.stringify(st.Action).includes('s3:PutObject'));
    expect(puts.length).toBeGreaterThan(0);
    for (const put of puts) expect(JSON.stringify(put.Resource)).toMatch(/\/readings\/\*"/);
  });

  it("bring Textract's PDF job notices back to the OCR queue through an encrypted topic", () => {
    const topics = resourcesOfType(template, 'AWS::SNS::Topic')
      .map(([id]) => id)
      .filter((id) => id.startsWith('OcrTextractJobs'));
    expect(topics).toHaveLength(1);
    const topicId = topics[0];
    assertions.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const ocrQueueId = Object.keys(template.Resources).find((id) => /^OcrQueue[0-9A-F]{8}$/.test(id));
    assertions.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'sqs',
      TopicArn: { Ref: topicId },
      Endpoint: { 'Fn::GetAtt': [ocrQueueId, 'Arn'] },
    });
    assertions.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'textract.amazonaws.com' } })],
      }),
    });
  });
});

describe('API', () => {
  it('writes access logs, traces, throttles and sits behind a WAF that counts viewers, not CloudFront', () => {
    assertions.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      MethodSettings: Match.arrayWith([
        Match.objectLike({ ThrottlingRateLimit: 500, DataTraceEnabled: false }),
      ]),
    });
    const [, acl] = resourcesOfType(template, 'AWS::WAFv2::WebACL')[0] ?? [];
    const rules = acl?.Properties?.Rules as Array<{ Name: string; Statement: Record<string, any> }>;
    const rateRules = rules.filter((r) => r.Statement.RateBasedStatement);
    expect(rateRules.map((r) => r.Name)).toEqual([
      'tracking-lookups-per-viewer',
      'public-requests-per-viewer',
    ]);
    for (const rule of rateRules)
      expect(rule.Statement.RateBasedStatement.CustomKeys).toEqual([
        { Header: { Name: VIEWER_HEADER, TextTransformations: [{ Priority: 0, Type: 'NONE' }] } },
      ]);
    // The header CloudFront sends is matched against a secret the template only refers to.
    const originCheck = JSON.stringify(rules.find((r) => r.Name === 'only-through-cloudfront'));
    expect(originCheck).toContain('{{resolve:secretsmanager:');
    assertions.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);

    // CloudFront names the viewer on every API request and sends the origin header.
    const [, distribution] = resourcesOfType(template, 'AWS::CloudFront::Distribution')[0] ?? [];
    const config = distribution?.Properties?.DistributionConfig as Record<string, any>;
    const api = config.CacheBehaviors.find((b: { PathPattern: string }) => b.PathPattern === '/api/*');
    expect(api.FunctionAssociations).toEqual([expect.objectContaining({ EventType: 'viewer-request' })]);
    const origin = config.Origins.find((o: { Id: string }) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(origin.OriginCustomHeaders)).toContain(ORIGIN_VERIFY_HEADER);
    expect(JSON.stringify(origin.OriginCustomHeaders)).toContain('{{resolve:secretsmanager:');
  });

  it("refuses API calls that bypass CloudFront (all but the IAM-signed ops API), and counts each viewer's lookups", () => {
    // The template's web ACL, as the local cloud evaluates it, with its secret reference resolved.
    const resolved = webAclOf(template, (value) =>
      JSON.parse(
        JSON.stringify(
          resolveIntrinsics(value, {
            ref: (id) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${id}`,
            getAtt: (id, attribute) => `${id}.${attribute}`,
          }),
        ).replace(/\{\{resolve:secretsmanager:[^}]*\}\}/g, 'the-origin-secret'),
      ),
    );
    const acl = new LocalWebAcl(resolved ?? {});
    const request = (path: string, headers: Record<string, string>, method = 'GET') =>
      acl.evaluate({ method, path: `/prod/api/v1${path}`, headers, sourceIp: '198.51.100.7' });
    const viaCloudFront = (viewer: string) => ({
      [ORIGIN_VERIFY_HEADER]: 'the-origin-secret',
      [VIEWER_HEADER]: viewer,
    });

    expect(request('/requests', {}, 'POST')).toMatchObject({ action: 'block', statusCode: 403 });
    expect(request('/agency/referrals', { [ORIGIN_VERIFY_HEADER]: 'guessed' })).toMatchObject({
      action: 'block',
    });
    expect(request('/ops/dead-letters', {}).action).toBe('allow');
    expect(request('/requests', viaCloudFront('203.0.113.1'), 'POST').action).toBe('allow');

    for (let i = 0; i < LOOKUPS_PER_VIEWER; i++)
      expect(request(`/requests/${i}`, viaCloudFront('203.0.113.2')).action).toBe('allow');
    expect(request('/requests/x', viaCloudFront('203.0.113.2'))).toMatchObject({ statusCode: 429 });
    expect(request('/requests/x', viaCloudFront('203.0.113.3')).action).toBe('allow');
    // AWS's managed rules are not the local cloud's to emulate, and it says which.
    expect(acl.unemulated).toEqual([expect.stringContaining('AWSManagedRulesCommonRuleSet')]);
  });

  it('requires an API key and the authorizer on every agency route, with a usage plan', () => {
    const methods = resourcesOfType(template, 'AWS::ApiGateway::Method');
    const agencyMethods = methods.filter(([id]) => id.includes('agency'));
    expect(agencyMethods.length).toBe(3);
    for (const [, method] of agencyMethods) {
      expect(method.Properties).toMatchObject({ ApiKeyRequired: true, AuthorizationType: 'CUSTOM' });
    }
    assertions.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: Match.objectLike({ RateLimit: 20 }),
    });
  });

  it('answers gateway errors in Persian and English', () => {
    assertions.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'ACCESS_DENIED',
      StatusCode: '403',
      ResponseTemplates: { 'application/json': Match.stringLikeRegexp('"fa":') },
    });
  });

  it('gives staff a Cognito pool with MFA and one group per role', () => {
    assertions.hasResourceProperties('AWS::Cognito::UserPool', { MfaConfiguration: 'ON' });
    assertions.resourceCountIs('AWS::Cognito::UserPoolGroup', 5);
  });
});

describe('monitoring', () => {
  it('alarms on DLQ and repair-queue depth, API 5xx, and function errors and throttles', () => {
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm').map(
      ([, a]) => a.Properties?.MetricName,
    );
    for (const metric of ['ApproximateNumberOfMessagesVisible', '5XXError', 'Errors', 'Throttles']) {
      expect(alarms).toContain(metric);
    }
    for (const [, alarm] of resourcesOfType(template, 'AWS::CloudWatch::Alarm')) {
      expect(alarm.Properties?.AlarmActions).toHaveLength(1);
    }
    assertions.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
  });
});
