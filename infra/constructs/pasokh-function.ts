import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Architecture, type CfnFunction, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.ts';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Metadata key naming a function's entry file; the local cloud bundles and runs that file. */
export const ENTRY_METADATA = 'pasokh:entry';
/** Metadata key listing the packages installed beside a function's bundle instead of in it. */
export const INSTALLED_MODULES_METADATA = 'pasokh:installedModules';

export interface PasokhFunctionProps {
  /** The entry file, relative to the repository root (e.g. functions/http/submit-request.ts). */
  entry: string;
  description: string;
  timeout?: Duration;
  memorySize?: number;
  environment?: Record<string, string>;
  reservedConcurrentExecutions?: number;
  /**
   * Packages that load files next to their code (WebAssembly workers, models, native bindings):
   * installed beside the bundle, for Lambda's linux/arm64, instead of being bundled.
   */
  installedModules?: readonly string[];
  /** Actions beyond X-Ray's that take no resource-level permission, named in the cdk-nag acknowledgement. */
  unscopedActions?: readonly string[];
}

/**
 * Every Pasokh Lambda: Node.js 22 on arm64, a minified ESM bundle with source maps, JSON logs
 * to its own log group with retention, X-Ray tracing and Powertools settings. Permissions are
 * granted by the construct that uses the function, one resource at a time.
 */
export class PasokhFunction extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: PasokhFunctionProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      loggingFormat: LoggingFormat.JSON,
      ...(props.reservedConcurrentExecutions
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: 'pasokh',
        POWERTOOLS_METRICS_NAMESPACE: 'Pasokh',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        mainFields: ['module', 'main'],
        // The Node.js 22 runtime ships the AWS SDK v3; leaving it out keeps bundles small and init fast.
        externalModules: ['@aws-sdk/*'],
        // Some dependencies are CommonJS and call require(); give ESM bundles a require.
        banner:
          "import { createRequire as __pasokhRequire } from 'node:module'; const require = __pasokhRequire(import.meta.url);",
        ...(props.installedModules
          ? {
              nodeModules: [...props.installedModules],
              // npm picks native bindings' prebuilt binaries for Lambda, not for the machine deploying.
              environment: { npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc' },
            }
          : {}),
      },
    });
    (this.fn.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA, props.entry);
    if (props.installedModules)
      (this.fn.node.defaultChild as CfnFunction).addMetadata(INSTALLED_MODULES_METADATA, [
        ...props.installedModules,
      ]);
    acknowledge(this.fn, [
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'AWSLambdaBasicExecutionRole only allows writing to CloudWatch Logs, which every function needs.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: `${['X-Ray PutTraceSegments/PutTelemetryRecords', ...(props.unscopedActions ?? [])].join(' and ')} take no resource-level permissions.`,
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'Pasokh targets the nodejs22.x runtime on purpose (the project and its tooling are pinned to Node 22).',
      },
    ]);
  }
}
