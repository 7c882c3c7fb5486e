import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { GetObjectCommand, ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { ListQueuesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import {
  ENTRY_METADATA,
  INSTALLED_MODULES_METADATA,
  REPO_ROOT,
} from '../infra/constructs/pasokh-function.ts';
import { TesseractEngine } from '../shared/ocr/tesseract-engine.ts';
import { loadSeedReferenceData } from '../shared/reference/seed.ts';
import { createDocumentClient } from '../shared/store/dynamodb/client.ts';
import { DynamoDbApiKeyStore } from '../shared/store/dynamodb/dynamodb-api-key-store.ts';
import { DynamoDbReferenceStore } from '../shared/store/dynamodb/dynamodb-reference-store.ts';
import { close, listen } from './aws-json-server.ts';
import {
  type IntrinsicContext,
  LOCAL_ACCOUNT,
  LOCAL_REGION,
  localArn,
  resolveIntrinsics,
} from './cloudformation/intrinsics.ts';
import { type CfnTemplate, resourcesOfType, synthesizeTemplate } from './cloudformation/template.ts';
import { type RunningDynamoDb, startDynamoDbLocal } from './dynamodb-local.ts';
import { DynamoDbStreamSource } from './dynamodb-streams.ts';
import { type EventRule, LocalEventBridge } from './eventbridge.ts';
import { freePorts } from './free-port.ts';
import { edgeBehaviorOf } from './gateway/edge.ts';
import type { SigningPrincipal } from './gateway/iam-auth.ts';
import { buildRoutes, securityHeadersOf } from './gateway/routes.ts';
import { createGateway } from './gateway/server.ts';
import { LocalWebAcl, webAclOf } from './gateway/waf.ts';
import { type GuardedService, principalsOf, startGatekeepers } from './iam/gatekeepers.ts';
import { functionPolicies } from './iam/policy.ts';
import { LocalIdentity } from './identity.ts';
import { bundleFunctions } from './lambda/bundle.ts';
import { type LocalFunction, LocalLambdaRuntime } from './lambda/runtime.ts';
import { announceRunning } from './running.ts';
import { startLocalS3 } from './s3.ts';
import { LocalSecrets } from './secrets.ts';
import { LocalSns } from './sns.ts';
import { SqsEventSource } from './sqs/event-source.ts';
import { LocalSqs } from './sqs/server.ts';
import { stepFunctionsApi } from './stepfunctions/api.ts';
import { type Definition, LocalStepFunctions } from './stepfunctions/engine.ts';
import { ExecutionStore } from './stepfunctions/execution-store.ts';
import { LocalTextract } from './textract.ts';

export interface LocalCloudOptions {
  port: number;
  dataDir: string;
  /** Variables for every function on top of its own (e.g. shorter grace periods in tests). */
  environment?: Record<string, string>;
  /** Runs scheduled rules this often instead of their template rate (tests). */
  scheduleSeconds?: number;
  /** Exposes /__local/faults to inject failures and /__local/calls, the AWS calls functions made (tests only). */
  faultInjection?: boolean;
  log?: (line: string) => void;
}

export interface LocalCloud {
  url: string;
  credentialsFile: string;
  endpoints: Record<string, string>;
  stop(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(port: number) {
    super(`port ${port} is already in use: stop what runs there or start with PORT=<another port>`);
    this.name = 'PortInUseError';
  }
}

interface LocalResources {
  tables: Map<string, string>;
  buckets: Map<string, string>;
  queues: Map<string, { name: string; url: string; arn: string }>;
  secrets: Map<string, string>;
  stateMachines: Map<string, string>;
  functions: Map<string, LocalFunction>;
}

/** Local name and ARN for each template resource the local cloud emulates. */
function planResources(template: CfnTemplate, sqsPort: number): LocalResources {
  const plan: LocalResources = {
    tables: new Map(),
    buckets: new Map(),
    queues: new Map(),
    secrets: new Map(),
    stateMachines: new Map(),
    functions: new Map(),
  };
  for (const [id] of resourcesOfType(template, 'AWS::DynamoDB::Table')) plan.tables.set(id, `pasokh-${id}`);
  // Bucket names are lowercase in S3.
  for (const [id] of resourcesOfType(template, 'AWS::S3::Bucket'))
    plan.buckets.set(id, `pasokh-${id.toLowerCase()}`);
  for (const [id] of resourcesOfType(template, 'AWS::SQS::Queue')) {
    plan.queues.set(id, {
      name: id,
      url: `http://127.0.0.1:${sqsPort}/${LOCAL_ACCOUNT}/${id}`,
      arn: localArn.sqs(id),
    });
  }
  for (const [id] of resourcesOfType(template, 'AWS::SecretsManager::Secret'))
    plan.secrets.set(id, localArn.secret(id));
  for (const [id] of resourcesOfType(template, 'AWS::StepFunctions::StateMachine'))
    plan.stateMachines.set(id, localArn.stateMachine(id));
  // Functions behind the API, whose answer a person waits for; the rest run in the background.
  const interactive = new Set(
    buildRoutes(template).routes.flatMap((route) => [
      ...(route.integration.type === 'lambda' ? [route.integration.functionLogicalId] : []),
      ...(route.authorizer?.functionLogicalId ? [route.authorizer.functionLogicalId] : []),
    ]),
  );
  for (const [id, fn] of resourcesOfType(template, 'AWS::Lambda::Function')) {
    const entry = fn.Metadata?.[ENTRY_METADATA];
    if (typeof entry !== 'string') continue;
    const installed = fn.Metadata?.[INSTALLED_MODULES_METADATA];
    const reserved = fn.Properties?.ReservedConcurrentExecutions;
    plan.functions.set(id, {
      logicalId: id,
      entry,
      timeoutSeconds: Number(fn.Properties?.Timeout ?? 3),
      memorySize: Number(fn.Properties?.MemorySize ?? 128),
      ...(reserved === undefined ? {} : { reservedConcurrency: Number(reserved) }),
      interactive: interactive.has(id),
      // Resolved once the local endpoints are known (functionEnvironments).
      environment: {},
      ...(Array.isArray(installed) ? { installedModules: installed.map(String) } : {}),
    });
  }
  return plan;
}

function intrinsicContext(template: CfnTemplate, plan: LocalResources): IntrinsicContext {
  return {
    ref: (id) =>
      plan.tables.get(id) ??
      plan.buckets.get(id) ??
      plan.queues.get(id)?.url ??
      plan.secrets.get(id) ??
      plan.stateMachines.get(id) ??
      (plan.functions.has(id) ? id : undefined) ??
      (template.Resources[id] ? `local-${id}` : undefined),
    getAtt: (id, attribute) => {
      if (attribute === 'Arn') {
        if (plan.functions.has(id) || template.Resources[id]?.Type === 'AWS::Lambda::Function')
          return localArn.lambda(id);
        const table = plan.tables.get(id);
        if (table) return `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${table}`;
        const bucket = plan.buckets.get(id);
        if (bucket) return `arn:aws:s3:::${bucket}`;
        return (
          plan.queues.get(id)?.arn ??
          plan.stateMachines.get(id) ??
          plan.secrets.get(id) ??
          `arn:aws:local:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${id}`
        );
      }
      if (attribute === 'QueueUrl') return plan.queues.get(id)?.url;
      if (attribute === 'QueueName') return plan.queues.get(id)?.name;
      if (attribute === 'RootResourceId') return 'root';
      return template.Resources[id] ? `local-${id}-${attribute}` : undefined;
    },
  };
}

async function assertPortFree(port: number): Promise<void> {
  const { createServer } = await import('node:net');
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? new PortInUseError(port) : error),
    );
    probe.listen(port, () => probe.close(() => resolve()));
  });
}

const toTableInput = (name: string, props: Record<string, unknown>): CreateTableCommandInput => ({
  TableName: name,
  KeySchema: props.KeySchema as CreateTableCommandInput['KeySchema'],
  AttributeDefinitions: props.AttributeDefinitions as CreateTableCommandInput['AttributeDefinitions'],
  BillingMode: 'PAY_PER_REQUEST',
  ...(props.GlobalSecondaryIndexes
    ? {
        GlobalSecondaryIndexes: (props.GlobalSecondaryIndexes as Array<Record<string, unknown>>).map(
          (index) => ({
            IndexName: index.IndexName as string,
            KeySchema: index.KeySchema as CreateTableCommandInput['KeySchema'],
            Projection: index.Projection as { ProjectionType: 'ALL' },
          }),
        ),
      }
    : {}),
  ...(props.StreamSpecification
    ? {
        StreamSpecification: {
          StreamEnabled: true,
          ...(props.StreamSpecification as { StreamViewType: 'NEW_AND_OLD_IMAGES' }),
        },
      }
    : {}),
});

/**
 * A data directory from an older Pasokh lacks the indexes added since: they are created, as a
 * CloudFormation update would, so `npm start` keeps its data.
 */
async function addMissingIndexes(ddb: DynamoDBClient, input: CreateTableCommandInput): Promise<void> {
  const described = await ddb.send(new DescribeTableCommand({ TableName: input.TableName }));
  const present = new Set((described.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    const names = new Set((index.KeySchema ?? []).map((k) => k.AttributeName));
    await ddb.send(
      new UpdateTableCommand({
        TableName: input.TableName,
        AttributeDefinitions: (input.AttributeDefinitions ?? []).filter((a) => names.has(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
  }
}

/**
 * Starts Pasokh on one machine from the synthesized CDK template: DynamoDB Local with the
 * template's tables, SQS with its queues and redrive policies, Step Functions running its state
 * machine, Secrets Manager for its secrets, its Lambda functions in-process, its SQS event
 * sources and schedules, and its REST API behind a local gateway on `port`.
 */
export async function startLocalCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const log = options.log ?? (() => undefined);
  const stops: Array<() => Promise<void> | void> = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn();
  };
  try {
    await assertPortFree(options.port);
    mkdirSync(options.dataDir, { recursive: true });

    // Java starts DynamoDB Local in its own process while this one synthesizes the template.
    const starting = startDynamoDbLocal({ dataDir: join(options.dataDir, 'dynamodb') });
    starting.then(
      (running) => stops.push(() => running.stop()),
      () => undefined,
    );
    await new Promise((resolve) => setImmediate(resolve));
    const template = synthesizeTemplate();
    log('template synthesized');
    const dynamodb: RunningDynamoDb = await starting;
    log(`DynamoDB Local on ${dynamodb.endpoint}`);
    const services = ['dynamodb', 'sqs', 'sfn', 'secretsManager', 's3', 'textract', 'sns'] as const;
    const allocated = await freePorts(services.length * 2);
    const ports = Object.fromEntries(
      services.map((name, i) => [name, [allocated[2 * i], allocated[2 * i + 1]]]),
    ) as Record<(typeof services)[number], [service: number, gatekeeper: number]>;
    const [sqsPort, sfnPort, secretsPort, s3Port, textractPort] = [
      ports.sqs[0],
      ports.sfn[0],
      ports.secretsManager[0],
      ports.s3[0],
      ports.textract[0],
    ];
    // Queue URLs name the SQS gatekeeper: the SDK sends a queue's calls to its URL's host.
    const plan = planResources(template, ports.sqs[1]);
    const context = intrinsicContext(template, plan);
    const resolve = (value: unknown) => resolveIntrinsics(value, context);

    const endpoints = {
      dynamodb: dynamodb.endpoint,
      // Queue URLs name the gatekeeper, and every SQS client follows them there (requests signed
      // by the local cloud itself pass through): one address for SQS.
      sqs: `http://127.0.0.1:${ports.sqs[1]}`,
      sfn: `http://127.0.0.1:${sfnPort}`,
      secretsManager: `http://127.0.0.1:${secretsPort}`,
      s3: `http://127.0.0.1:${s3Port}`,
      textract: `http://127.0.0.1:${textractPort}`,
      sns: `http://127.0.0.1:${ports.sns[0]}`,
    };
    // What functions are told: each service behind IAM as the template grants it (local/iam/).
    const guarded = Object.fromEntries(
      services.map((name) => [name, `http://127.0.0.1:${ports[name][1]}`]),
    ) as typeof endpoints;
    // The local cloud's own clients (seeding, pollers, health) reach the local services directly;
    // each function gets exactly its own variables in its own execution environment.
    const runtime = runtimeEnvironment(endpoints);
    Object.assign(process.env, runtime);
    const environment = functionEnvironments(
      template,
      plan,
      resolve,
      runtimeEnvironment(guarded),
      options.environment ?? {},
    );
    let engineRef: LocalStepFunctions | undefined;
    const guarding = await startGatekeepers({
      services: Object.fromEntries(
        services.map((name) => [
          name,
          {
            upstream: name === 'sqs' ? `http://127.0.0.1:${sqsPort}` : endpoints[name],
            port: ports[name][1],
          },
        ]),
      ) as Record<GuardedService, { upstream: string; port: number }>,
      principals: principalsOf(functionPolicies(template, resolve), functionAccessKey),
      arns: {
        table: (name) => `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT}:table/${name}`,
        queueOfUrl: (url) => localArn.sqs(url.split('/').pop() ?? ''),
        queueOfName: (name) => localArn.sqs(name),
        stateMachineOfToken: (token) => engineRef?.stateMachineOfToken(token),
        stateMachines: () => [...plan.stateMachines.values()],
      },
      faultInjection: options.faultInjection ?? false,
    });
    const { log: accessLog, faults } = guarding;
    stops.push(() => guarding.stop());
    stops.push(() =>
      writeFileSync(
        join(options.dataDir, 'iam-usage.json'),
        JSON.stringify(accessLog.permissionsUsed(), null, 2),
      ),
    );

    // Tables
    const ddb = new DynamoDBClient({});
    stops.push(() => ddb.destroy());
    const existing = new Set((await ddb.send(new ListTablesCommand({}))).TableNames ?? []);
    for (const [id, name] of plan.tables) {
      const input = toTableInput(name, template.Resources[id]?.Properties ?? {});
      if (!existing.has(name)) await ddb.send(new CreateTableCommand(input));
      else await addMissingIndexes(ddb, input);
    }

    // Buckets, with their objects kept under the data directory.
    const s3 = await startLocalS3({
      directory: join(options.dataDir, 's3'),
      port: s3Port,
      buckets: [...plan.buckets.values()],
      accessKeys: [...plan.functions.keys()].map(functionAccessKey),
    });
    stops.push(() => s3.stop());

    // Queues, DLQs first so redrive targets exist.
    const queueDefinitions = [...plan.queues.entries()]
      .map(([id, queue]) => {
        const props = (template.Resources[id]?.Properties ?? {}) as Record<string, unknown>;
        const attributes: Record<string, string> = {};
        if (props.VisibilityTimeout !== undefined)
          attributes.VisibilityTimeout = String(props.VisibilityTimeout);
        if (props.MessageRetentionPeriod !== undefined)
          attributes.MessageRetentionPeriod = String(props.MessageRetentionPeriod);
        if (props.RedrivePolicy) attributes.RedrivePolicy = JSON.stringify(resolve(props.RedrivePolicy));
        return { name: queue.name, attributes };
      })
      .sort(
        (a, b) => Number(Boolean(a.attributes.RedrivePolicy)) - Number(Boolean(b.attributes.RedrivePolicy)),
      );
    const sqs = new LocalSqs(sqsPort, queueDefinitions);
    await listen(sqs.server, sqsPort);
    stops.push(() => close(sqs.server));

    // Textract, answered by the Tesseract engine (its worker starts on the first document); its
    // job notices go to the template's SNS subscriptions, as SNS would deliver them.
    const textractEngine = new TesseractEngine();
    const s3Client = new S3Client({ forcePathStyle: true });
    stops.push(() => s3Client.destroy());
    // One SQS client for the local cloud's own sends: SNS deliveries, Step Functions tasks, pollers.
    const sqsClient = new SQSClient({});
    stops.push(() => sqsClient.destroy());
    const textractServer = new LocalTextract(textractEngine, {
      readObject: async (bucket, key) => {
        const object = await s3Client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
      },
      publish: async (topicArn, message) => {
        for (const queueUrl of subscribedQueues(template, plan, resolve, topicArn)) {
          await sqsClient.send(
            new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: snsEnvelope(topicArn, message) }),
          );
        }
      },
    }).server();
    await listen(textractServer, textractPort);
    stops.push(() => close(textractServer));
    // SMS to citizens: recorded, not sent; listed at GET /api/v1/local/sms.
    const sms = new LocalSns(join(options.dataDir, 'sms.jsonl'));
    const snsServer = sms.server();
    await listen(snsServer, ports.sns[0]);
    stops.push(() => close(snsServer));
    stops.push(() => textractEngine.close());

    // Secrets
    const secrets = new LocalSecrets(options.dataDir);
    for (const [id, arn] of plan.secrets) {
      const length = Number(
        (template.Resources[id]?.Properties?.GenerateSecretString as { PasswordLength?: number } | undefined)
          ?.PasswordLength ?? 64,
      );
      secrets.ensure(arn, Math.max(32, length));
    }
    const secretsServer = secrets.server();
    await listen(secretsServer, secretsPort);
    stops.push(() => close(secretsServer));

    // Seed reference data, agency keys and staff.
    const tableName = [...plan.tables.values()][0] as string;
    const doc = createDocumentClient({});
    stops.push(() => doc.destroy());
    const reference = loadSeedReferenceData();
    const seeded = await new DynamoDbReferenceStore({ client: doc, tableName }).seed(reference);
    if (seeded) log(`seeded ${seeded} reference items`);
    const agencyKeys = await seedAgencyKeys(
      options.dataDir,
      new DynamoDbApiKeyStore({ client: doc, tableName }),
      reference.agencies.map((a) => a.id),
    );
    const apiBaseUrl = `http://localhost:${options.port}`;
    const identity = await LocalIdentity.open(options.dataDir, `${apiBaseUrl}/local-cognito`);

    // Functions and the workflow.
    const bundled = await bundleFunctions([...plan.functions.values()], REPO_ROOT);
    log(`${bundled.built ? 'functions bundled' : 'function bundles unchanged'}`);
    const lambda = new LocalLambdaRuntime(bundled.functions, REPO_ROOT);
    stops.push(() => lambda.stop());
    const store = new ExecutionStore(join(options.dataDir, 'stepfunctions'));
    // EventBridge rules that match events (scheduled rules are timers, below).
    const eventBridge = new LocalEventBridge({
      rules: eventRules(template, plan, resolve),
      invoke: (functionId, event) => lambda.invoke(functionId, event),
      deadLetter: async (queueUrl, body) => {
        await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
      },
      onError: (error) => log(`eventbridge: ${String(error)}`),
      ...(options.scheduleSeconds ? { retryDelayMs: 200 } : {}),
    });
    const engine = new LocalStepFunctions({
      store,
      invokeLambda: (arn, payload, onStart) =>
        lambda.invoke(String(arn).split(':').pop() ?? '', payload, onStart),
      sendMessage: async (queueUrl, body) => {
        await sqsClient.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
      },
      onError: (error) => log(`step functions: ${String(error)}`),
      onStatusChange: async (record) =>
        eventBridge.publish({
          source: 'aws.states',
          'detail-type': 'Step Functions Execution Status Change',
          detail: {
            executionArn: record.executionArn,
            stateMachineArn: record.stateMachineArn,
            name: record.name,
            status: record.status,
            startDate: Date.parse(record.startDate),
            stopDate: record.stopDate ? Date.parse(record.stopDate) : null,
            input: null,
            output: null,
          },
        }),
    });
    engineRef = engine;
    for (const [id, arn] of plan.stateMachines) {
      const definition = JSON.parse(
        String(resolve(template.Resources[id]?.Properties?.DefinitionString)),
      ) as Definition;
      engine.register(arn, id, definition);
    }
    const sfnServer = stepFunctionsApi(engine);
    await listen(sfnServer, sfnPort);
    stops.push(() => close(sfnServer));
    stops.push(() => engine.shutdown());
    await lambda.warmUp();
    log('one execution environment per function started');

    // DynamoDB Streams for stream event sources (DynamoDB Local serves them on its own endpoint).
    const streamsClient = new DynamoDBStreamsClient({ endpoint: dynamodb.endpoint });
    stops.push(() => streamsClient.destroy());
    const streamSource = (props: Record<string, unknown>, functionId: string, tableName: string) => {
      const destination = (props.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)
        ?.OnFailure?.Destination;
      const failureQueueId = (destination as { 'Fn::GetAtt'?: [string] } | undefined)?.['Fn::GetAtt']?.[0];
      return new DynamoDbStreamSource({
        ddb,
        streams: streamsClient,
        sqs: sqsClient,
        mapping: {
          functionLogicalId: functionId,
          tableName,
          startingPosition: props.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
          batchSize: Number(props.BatchSize ?? 100),
          maximumRetryAttempts: Number(props.MaximumRetryAttempts ?? -1),
          bisectBatchOnFunctionError: props.BisectBatchOnFunctionError === true,
          reportBatchItemFailures: ((props.FunctionResponseTypes as string[] | undefined) ?? []).includes(
            'ReportBatchItemFailures',
          ),
          filters: (
            (props.FilterCriteria as { Filters?: Array<{ Pattern: string }> } | undefined)?.Filters ?? []
          ).map((f) => JSON.parse(f.Pattern) as unknown),
          onFailureQueueUrl: failureQueueId ? (plan.queues.get(failureQueueId)?.url ?? null) : null,
        },
        checkpointFile: join(options.dataDir, `stream-${functionId}.json`),
        invoke: (event) => lambda.invoke(functionId, event),
        onError: (error) => log(`stream source ${functionId}: ${String(error)}`),
      });
    };

    // Event sources and schedules.
    for (const [, mapping] of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
      const props = mapping.Properties as Record<string, unknown>;
      const [sourceId = '', sourceAttribute] =
        (props.EventSourceArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'] ?? [];
      const functionId = (props.FunctionName as { Ref: string }).Ref;
      if (sourceAttribute === 'StreamArn') {
        const tableName = plan.tables.get(sourceId);
        if (!tableName || !plan.functions.has(functionId)) continue;
        const source = streamSource(props, functionId, tableName);
        source.start();
        stops.push(() => source.stop());
        continue;
      }
      const queueId = sourceId;
      const queue = plan.queues.get(queueId);
      if (!queue || !plan.functions.has(functionId)) continue;
      const source = new SqsEventSource(
        sqsClient,
        {
          functionLogicalId: functionId,
          queueUrl: queue.url,
          queueArn: queue.arn,
          batchSize: Number(props.BatchSize ?? 10),
          reportBatchItemFailures: ((props.FunctionResponseTypes as string[] | undefined) ?? []).includes(
            'ReportBatchItemFailures',
          ),
          concurrency: Math.min(
            4,
            Number(
              (props.ScalingConfig as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency ?? 2,
            ),
          ),
        },
        (event: SQSEvent) => lambda.invoke(functionId, event),
        (error) => log(`event source ${queue.name}: ${String(error)}`),
      );
      source.start();
      stops.push(() => source.stop());
    }
    for (const [id, rule] of resourcesOfType(template, 'AWS::Events::Rule')) {
      const props = rule.Properties as { ScheduleExpression?: string; Targets?: Array<{ Arn: unknown }> };
      const rate = /^rate\((\d+) (minute|minutes|hour|hours)\)$/.exec(props.ScheduleExpression ?? '');
      if (!rate) continue;
      const seconds = options.scheduleSeconds ?? Number(rate[1]) * (rate[2]?.startsWith('hour') ? 3600 : 60);
      for (const target of props.Targets ?? []) {
        const functionId = String(resolve(target.Arn)).split(':').pop() ?? '';
        if (!plan.functions.has(functionId)) continue;
        const timer = setInterval(() => {
          lambda
            .invoke(functionId, {
              'detail-type': 'Scheduled Event',
              source: 'aws.events',
              resources: [id],
              detail: {},
            })
            .catch((error) => log(`schedule ${id}: ${String(error)}`));
        }, seconds * 1000);
        stops.push(() => clearInterval(timer));
      }
    }

    // The gateway.
    const { routes, responses } = buildRoutes(template);
    const sqsHealth = new SQSClient({ maxAttempts: 1 });
    const ddbHealth = new DynamoDBClient({ maxAttempts: 1 });
    stops.push(() => {
      sqsHealth.destroy();
      ddbHealth.destroy();
    });
    const withSecrets = (value: unknown) => secrets.resolveReferences(resolve(value));
    const aclProperties = webAclOf(template, withSecrets);
    const webAcl = aclProperties ? new LocalWebAcl(aclProperties) : undefined;
    if (webAcl?.unemulated.length)
      log(`WAF: AWS's managed rules are not emulated locally: ${webAcl.unemulated.join(', ')}`);
    const gateway: Server = createGateway({
      routes,
      responses,
      lambda,
      identity,
      edge: edgeBehaviorOf(template, '/api/*', withSecrets),
      ...(webAcl ? { webAcl } : {}),
      iamPrincipals: iamPrincipals([...plan.functions.keys()]),
      securityHeaders: securityHeadersOf(template),
      recordedSms: () => sms.list(),
      webRoot: join(REPO_ROOT, 'web'),
      health: async () => ({
        dynamodb: await ddbHealth.send(new ListTablesCommand({ Limit: 1 })).then(
          () => true,
          () => false,
        ),
        sqs: await sqsHealth.send(new ListQueuesCommand({})).then(
          () => true,
          () => false,
        ),
        stepfunctions: sfnServer.listening,
        secretsManager: secretsServer.listening,
        textract: textractServer.listening,
        sns: snsServer.listening,
        s3: await s3Client.send(new ListBucketsCommand({})).then(
          () => true,
          () => false,
        ),
      }),
      ...(options.faultInjection
        ? {
            control: async (path: string, body: unknown) => {
              if (path === '/__local/faults/pending')
                return { sqs: sqs.pendingFaults(), functions: faults.pending() };
              if (path === '/__local/calls') return accessLog.callCounts();
              if (path !== '/__local/faults') return null;
              const fault = body as {
                service?: string;
                action?: string;
                count?: number;
                functionPrefix?: string;
              };
              if (!fault.service || !fault.action) return null;
              // SQS faults hit every caller (the intake hand-off); others only the named functions.
              if (fault.service === 'sqs' && !fault.functionPrefix)
                sqs.injectFault(fault.action, Number(fault.count ?? 1));
              else
                faults.arm({
                  service: fault.service,
                  action: fault.action,
                  count: Number(fault.count ?? 1),
                  ...(fault.functionPrefix ? { functionPrefix: fault.functionPrefix } : {}),
                });
              return { injected: fault };
            },
          }
        : {}),
      onError: (error) =>
        log(`gateway: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`),
    });
    await listen(gateway, options.port, '0.0.0.0').catch((error: NodeJS.ErrnoException) => {
      throw error.code === 'EADDRINUSE' ? new PortInUseError(options.port) : error;
    });
    stops.push(() => close(gateway));

    const resumed = engine.resumeAll();
    if (resumed) log(`resumed ${resumed} workflow executions`);

    const credentialsFile = join(options.dataDir, 'local-credentials.json');
    writeFileSync(
      credentialsFile,
      JSON.stringify(
        {
          apiBaseUrl,
          agencies: reference.agencies.map((agency) => ({
            id: agency.id,
            name: agency.nameFa,
            categories: reference.categories
              .filter((c) => c.defaultAgencyId === agency.id || c.alternateAgencyIds.includes(agency.id))
              .map((c) => c.code),
            apiKey: agencyKeys[agency.id],
          })),
          staff: identity.staff(),
        },
        null,
        2,
      ),
      { mode: 0o600 },
    );
    writeFileSync(
      join(options.dataDir, 'local-cloud.json'),
      JSON.stringify(
        {
          apiBaseUrl,
          endpoints,
          // What a local tool sets to reach the local services as the local cloud's own clients do.
          clientEnvironment: runtime,
          resources: environment,
          // Where failures end: the queues that pass theirs on to no other (DLQs, the repair queue).
          deadLetterQueues: [...plan.queues.entries()]
            .filter(([id]) => !template.Resources[id]?.Properties?.RedrivePolicy)
            .map(([, queue]) => queue.url),
          functions: [...plan.functions.values()],
          // The API's route table, for tools and tests that must cover every route.
          routes: routes.map(({ method, resourcePath, authorization, apiKeyRequired }) => ({
            method,
            resourcePath,
            authorization,
            apiKeyRequired,
          })),
        },
        null,
        2,
      ),
    );
    stops.push(
      announceRunning({ pid: process.pid, port: options.port, url: apiBaseUrl, dataDir: options.dataDir }),
    );
    return { url: apiBaseUrl, credentialsFile, endpoints, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The access key a function signs with: who is calling, for the local services (letters and digits only, as DynamoDB Local wants). */
const functionAccessKey = (logicalId: string) => `local${logicalId}`;

/**
 * Who may sign requests to the API's AWS_IAM routes (the ops API): the local administrator (the
 * credentials in local-cloud.json that the ops CLI and tools use); functions' keys are known but
 * refused, as their roles have no execute-api:Invoke.
 */
function iamPrincipals(functionIds: readonly string[]): Map<string, SigningPrincipal> {
  const principals = new Map<string, SigningPrincipal>();
  principals.set('local', {
    secretAccessKey: 'local',
    arn: `arn:aws:iam::${LOCAL_ACCOUNT}:user/local-admin`,
    allowed: true,
  });
  for (const id of functionIds) {
    principals.set(functionAccessKey(id), {
      secretAccessKey: 'local',
      arn: `arn:aws:sts::${LOCAL_ACCOUNT}:assumed-role/${id}-role/${id}`,
      allowed: false,
    });
  }
  return principals;
}

/** What Lambda's runtime sets in every execution environment, with the local endpoints. */
function runtimeEnvironment(endpoints: Record<string, string>): Record<string, string> {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb as string,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs as string,
    AWS_ENDPOINT_URL_SFN: endpoints.sfn as string,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager as string,
    AWS_ENDPOINT_URL_S3: endpoints.s3 as string,
    AWS_ENDPOINT_URL_TEXTRACT: endpoints.textract as string,
    AWS_ENDPOINT_URL_SNS: endpoints.sns as string,
  };
}

/**
 * Each function's environment: its template variables resolved locally, the runtime's, the local
 * settings (no tracing or metrics publishing, the log level, loopback webhook receivers) and
 * `overrides` (tests' shorter timers, in every function). Returns the variables functions are given, one
 * value per name (the table, the state machine, queue URLs …), for tools and tests.
 */
function functionEnvironments(
  template: CfnTemplate,
  plan: LocalResources,
  resolve: (value: unknown) => unknown,
  runtime: Record<string, string>,
  overrides: Record<string, string>,
): Record<string, string> {
  const resources: Record<string, string> = {};
  for (const [id, fn] of plan.functions) {
    const variables =
      (template.Resources[id]?.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)
        ?.Variables ?? {};
    const own = Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [name, String(resolve(value))]),
    );
    for (const [name, value] of Object.entries(own)) resources[name] ??= value;
    fn.environment = {
      ...own,
      ...runtime,
      AWS_ACCESS_KEY_ID: functionAccessKey(id),
      AWS_LAMBDA_FUNCTION_NAME: id,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
      POWERTOOLS_TRACE_ENABLED: 'false',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: process.env.PASOKH_LOG_LEVEL ?? 'WARN',
      // Agencies' test receivers run on this machine, over plain HTTP.
      PASOKH_WEBHOOK_LOOPBACK: 'allowed',
      ...overrides,
    };
  }
  return resources;
}

/** The template's event-pattern rules with their Lambda targets, retry policies and dead-letter queues. */
function eventRules(
  template: CfnTemplate,
  plan: LocalResources,
  resolve: (value: unknown) => unknown,
): EventRule[] {
  const queueUrlOfArn = (arn: string) => [...plan.queues.values()].find((q) => q.arn === arn)?.url ?? null;
  return resourcesOfType(template, 'AWS::Events::Rule').flatMap(([id, rule]) => {
    const props = rule.Properties as {
      EventPattern?: Record<string, unknown>;
      Targets?: Array<{
        Arn: unknown;
        RetryPolicy?: { MaximumRetryAttempts?: number };
        DeadLetterConfig?: { Arn: unknown };
      }>;
    };
    if (!props.EventPattern) return [];
    return [
      {
        id,
        pattern: resolve(props.EventPattern) as Record<string, unknown>,
        targets: (props.Targets ?? []).flatMap((target) => {
          const functionId = String(resolve(target.Arn)).split(':').pop() ?? '';
          if (!plan.functions.has(functionId)) return [];
          return [
            {
              functionId,
              retryAttempts: target.RetryPolicy?.MaximumRetryAttempts ?? 185,
              deadLetterQueueUrl: target.DeadLetterConfig
                ? queueUrlOfArn(String(resolve(target.DeadLetterConfig.Arn)))
                : null,
            },
          ];
        }),
      },
    ];
  });
}

/** The queues subscribed to a topic (SQS subscriptions in the template). */
function subscribedQueues(
  template: CfnTemplate,
  plan: LocalResources,
  resolve: (value: unknown) => unknown,
  topicArn: string,
): string[] {
  return resourcesOfType(template, 'AWS::SNS::Subscription').flatMap(([, subscription]) => {
    const props = subscription.Properties ?? {};
    if (props.Protocol !== 'sqs' || resolve(props.TopicArn) !== topicArn) return [];
    const queueId = ((props.Endpoint as { 'Fn::GetAtt'?: [string] })['Fn::GetAtt'] ?? [])[0];
    const queue = queueId ? plan.queues.get(queueId) : undefined;
    return queue ? [queue.url] : [];
  });
}

/** A message as SNS delivers it to an SQS subscriber (not raw): an envelope around it. */
function snsEnvelope(topicArn: string, message: string): string {
  return JSON.stringify({
    Type: 'Notification',
    MessageId: randomUUID(),
    TopicArn: topicArn,
    Message: message,
    Timestamp: new Date().toISOString(),
  });
}

/** One API key per agency, made on first start and kept under the data directory. */
async function seedAgencyKeys(
  dataDir: string,
  keys: DynamoDbApiKeyStore,
  agencyIds: string[],
): Promise<Record<string, string>> {
  const file = join(dataDir, 'agency-keys.json');
  const known: Record<string, string> = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>)
    : {};
  for (const id of agencyIds) {
    known[id] ??= `pk_${randomBytes(24).toString('base64url')}`;
    if ((await keys.findAgency(known[id] as string)) !== id)
      await keys.register(known[id] as string, id, new Date());
  }
  writeFileSync(file, JSON.stringify(known, null, 2), { mode: 0o600 });
  return known;
}
