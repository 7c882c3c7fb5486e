import type { Server } from 'node:http';
import { AwsServiceError, createAwsJsonServer } from '../aws-json-server.ts';
import type { LocalStepFunctions } from './engine.ts';
import type { ExecutionRecord } from './execution-store.ts';

/** AWS names one details field for every kind of state entered or exited, one per other event type. */
const detailsField = (type: string) =>
  type.endsWith('StateEntered')
    ? 'stateEnteredEventDetails'
    : type.endsWith('StateExited')
      ? 'stateExitedEventDetails'
      : `${type.charAt(0).toLowerCase()}${type.slice(1)}EventDetails`;

const epoch = (iso: string | undefined) => (iso ? Date.parse(iso) / 1000 : undefined);
const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));

function describe(record: ExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epoch(record.startDate),
    stopDate: epoch(record.stopDate),
    input: record.input,
    output: record.output,
    error: record.error,
    cause: record.cause,
    redriveCount: record.redriveCount ?? 0,
    redriveStatus:
      record.status === 'RUNNING' || record.status === 'SUCCEEDED' ? 'NOT_REDRIVABLE' : 'REDRIVABLE',
  };
}

/** The Step Functions API actions Pasokh's code and ops tools call, over the AWS JSON 1.0 protocol. */
export function stepFunctionsApi(engine: LocalStepFunctions): Server {
  return createAwsJsonServer('AWSStepFunctions', 'application/x-amz-json-1.0', {
    StartExecution: (b) => engine.startExecution(String(b.stateMachineArn), str(b.name), str(b.input)),
    SendTaskSuccess: (b) => {
      engine.sendTaskSuccess(String(b.taskToken), String(b.output ?? '{}'));
      return {};
    },
    SendTaskFailure: (b) => {
      engine.sendTaskFailure(String(b.taskToken), str(b.error), str(b.cause));
      return {};
    },
    SendTaskHeartbeat: (b) => {
      engine.sendTaskHeartbeat(String(b.taskToken));
      return {};
    },
    DescribeExecution: (b) => describe(engine.describeExecution(String(b.executionArn))),
    RedriveExecution: async (b) => ({
      redriveDate: epoch(await engine.redriveExecution(String(b.executionArn))),
    }),
    StopExecution: async (b) => ({
      stopDate: epoch(await engine.stopExecution(String(b.executionArn), str(b.error), str(b.cause))),
    }),
    ListExecutions: (b) => {
      const all = engine.listExecutions(String(b.stateMachineArn), str(b.statusFilter));
      const start = Number(b.nextToken ?? 0);
      const size = Math.min(1000, Number(b.maxResults ?? 100) || 100);
      const page = all.slice(start, start + size);
      return {
        executions: page.map((r) => ({
          executionArn: r.executionArn,
          stateMachineArn: r.stateMachineArn,
          name: r.name,
          status: r.status,
          startDate: epoch(r.startDate),
          stopDate: epoch(r.stopDate),
        })),
        nextToken: start + size < all.length ? String(start + size) : undefined,
      };
    },
    GetExecutionHistory: (b) => {
      const record = engine.describeExecution(String(b.executionArn));
      const events = b.reverseOrder ? [...record.history].reverse() : record.history;
      const start = Number(b.nextToken ?? 0);
      const size = Math.min(1000, Number(b.maxResults ?? 100) || 100);
      return {
        events: events.slice(start, start + size).map((e) => ({
          id: e.id,
          timestamp: epoch(e.timestamp),
          type: e.type,
          [detailsField(e.type)]: e.details,
        })),
        nextToken: start + size < events.length ? String(start + size) : undefined,
      };
    },
    DescribeStateMachine: () => {
      throw new AwsServiceError('UnsupportedOperation', 'not available locally');
    },
  });
}
