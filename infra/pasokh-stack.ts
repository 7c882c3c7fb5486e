import {
  type CfnElement,
  CfnOutput,
  CustomResource,
  Duration,
  Lazy,
  Stack,
  type StackProps,
  Token,
} from 'aws-cdk-lib';
import { Provider } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { AgencyWebhooks } from './constructs/agency-webhooks.ts';
import { Api } from './constructs/api.ts';
import { ApiFirewall } from './constructs/api-firewall.ts';
import { Data } from './constructs/data.ts';
import { Identity } from './constructs/identity.ts';
import { Intake } from './constructs/intake.ts';
import { Monitoring } from './constructs/monitoring.ts';
import { Notifications } from './constructs/notifications.ts';
import { Ocr } from './constructs/ocr.ts';
import { PasokhFunction } from './constructs/pasokh-function.ts';
import { PublicSite } from './constructs/public-site.ts';
import { TicketWorkflow } from './constructs/workflow.ts';
import { WorkflowRepair } from './constructs/workflow-repair.ts';
import { acknowledge } from './nag.ts';

/** The whole of Pasokh in one stack: its constructs share a key, a table and each other's ARNs. */
export class PasokhStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);
    const data = new Data(this, 'Data');
    const identity = new Identity(this, 'Identity');
    const ocr = new Ocr(this, 'Ocr', { data });
    const workflow = new TicketWorkflow(this, 'TicketWorkflow', { data, ocrQueue: ocr.queue });
    ocr.grantResume(workflow.stateMachine);
    const intake = new Intake(this, 'Intake', { data, stateMachine: workflow.stateMachine });
    const repair = new WorkflowRepair(this, 'WorkflowRepair', { data, stateMachine: workflow.stateMachine });
    // The SMS link names the public site, built after the API it fronts: resolved at synthesis.
    let siteDomain: (() => string) | undefined;
    const webhooks = new AgencyWebhooks(this, 'AgencyWebhooks', { data });
    const notifications = new Notifications(this, 'Notifications', {
      data,
      webhookQueue: webhooks.queue,
      trackingPageUrl: Lazy.string({ produce: () => `https://${siteDomain?.()}/` }),
    });
    const api = new Api(this, 'Api', {
      data,
      intakeQueue: intake.queue,
      stateMachine: workflow.stateMachine,
      userPool: identity.userPool,
      deadLetterQueues: [
        intake.deadLetterQueue,
        ocr.deadLetterQueue,
        notifications.deadLetterQueue,
        notifications.streamFailures,
        webhooks.deadLetterQueue,
      ],
      webhooks,
      repairQueue: repair.repairQueue,
    });
    const firewall = new ApiFirewall(this, 'ApiFirewall', { stage: api.restApi.deploymentStage });
    const site = new PublicSite(this, 'PublicSite', {
      api: api.restApi,
      originVerify: firewall.originVerify,
      accessLogs: data.accessLogs,
    });
    siteDomain = () => site.distribution.distributionDomainName;

    const seeder = new PasokhFunction(this, 'SeedReferenceData', {
      entry: 'functions/deploy/seed-reference-data.ts',
      description: 'Seeds taxonomy, agencies, counties and policy at deploy time',
      timeout: Duration.minutes(2),
      environment: { TABLE_NAME: data.table.tableName },
    });
    data.table.grantWriteData(seeder.fn);
    const provider = new Provider(this, 'SeedProvider', { onEventHandler: seeder.fn });
    new CustomResource(this, 'ReferenceData', {
      serviceToken: provider.serviceToken,
      // A new value on every change to the seed files makes CloudFormation run the seeder again.
      properties: { version: process.env.PASOKH_SEED_VERSION ?? '1' },
    });
    acknowledge(provider, [
      {
        id: 'AwsSolutions-L1',
        reason: 'The custom-resource framework function is managed by the CDK and its runtime chosen by it.',
      },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The CDK custom-resource framework function only writes logs.',
      },
    ]);

    const functions = [
      ...workflow.functions,
      intake.starter,
      intake.reconciler,
      repair.redriver,
      ocr.reader,
      ...api.functions,
      ...notifications.functions,
      ...webhooks.functions,
      seeder,
    ].map((f) => f.fn);
    new Monitoring(this, 'Monitoring', {
      key: data.key,
      api: api.restApi,
      stateMachine: workflow.stateMachine,
      deadLetterQueues: [
        intake.deadLetterQueue,
        ocr.deadLetterQueue,
        notifications.deadLetterQueue,
        notifications.streamFailures,
        webhooks.deadLetterQueue,
      ],
      repairQueue: repair.repairQueue,
      functions,
    });

    this.acknowledgeSharedFindings(data, [...workflow.functions, seeder]);

    new CfnOutput(this, 'WebUrl', { value: `https://${site.distribution.distributionDomainName}` });
    new CfnOutput(this, 'ApiUrl', { value: api.restApi.url });
    new CfnOutput(this, 'TableName', { value: data.table.tableName });
    new CfnOutput(this, 'UserPoolId', { value: identity.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: identity.consoleClient.userPoolClientId });
    new CfnOutput(this, 'StateMachineArn', { value: workflow.stateMachine.stateMachineArn });
    new CfnOutput(this, 'IntakeDeadLetterQueueUrl', { value: intake.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'OcrDeadLetterQueueUrl', { value: ocr.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'RepairQueueUrl', { value: repair.repairQueue.queueUrl });
    new CfnOutput(this, 'AttachmentsBucketName', { value: data.attachments.bucketName });
  }

  /** Findings that come from CDK's own grant and framework code, with the reason each is accepted. */
  private acknowledgeSharedFindings(data: Data, invokedFunctions: PasokhFunction[]): void {
    const ref = (element: { node: { defaultChild?: unknown } }) =>
      this.getLogicalId(element.node.defaultChild as CfnElement);
    acknowledge(this, [
      {
        id: `AwsSolutions-IAM5[Resource::<${ref(data.table)}.Arn>/index/*]`,
        reason:
          'Table grants include the GSIs, which the store queries (access patterns in shared/store/README.md).',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:ReEncrypt*]',
        reason: 'CDK grants on KMS-encrypted tables, queues and secrets; scoped to the one data key.',
      },
      {
        id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
        reason: 'CDK grants on KMS-encrypted tables, queues and secrets; scoped to the one data key.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'X-Ray and log delivery actions of Lambda and Step Functions accept no resource-level permissions.',
      },
      ...invokedFunctions.map((f) => ({
        id: `AwsSolutions-IAM5[Resource::<${ref(f.fn)}.Arn>:*]`,
        reason: 'Invoking a function includes its versions and aliases (the ARN followed by :*).',
      })),
      // The CDK BucketDeployment function that copies web/ into the web bucket.
      { id: 'AwsSolutions-L1', reason: 'CDK-managed framework functions choose their own runtime.' },
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'Functions only write their logs with this managed policy.',
      },
      ...['s3:List*', 's3:GetObject*', 's3:GetBucket*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
        id: `AwsSolutions-IAM5[Action::${action}]`,
        reason: 'The web content deployment reads the CDK asset and replaces the web bucket contents.',
      })),
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-${
          Token.isUnresolved(this.region) ? '<AWS::Region>' : this.region
        }/*]`,
        reason: 'The web content deployment reads its source from the CDK assets bucket.',
      },
    ]);
  }
}
