import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';
import { localCloudDataDir } from '../local/running.ts';
import { SqsDeadLetterQueues, StepFunctionsExecutions } from '../shared/adapters/operations-aws.ts';
import { sfn, sqs } from '../shared/runtime/clients.ts';
import { clock, intakeQueue, ticketStore } from '../shared/runtime/dependencies.ts';
import {
  findStuck,
  findTicket,
  listFailed,
  type OperationsDeps,
  redriveFailed,
  repairStuck,
} from '../shared/services/operations.ts';
import { runCli, writeJsonl } from './jsonl.ts';

const USAGE = `usage: npm run --silent ops -- <command>
  executions [--status RUNNING|SUCCEEDED|FAILED|TIMED_OUT|ABORTED] [--ticket <id|tracking code>]
  history <execution ARN | ticket id | tracking code>
  dlq list
  dlq redrive <queue name>          moves its messages back to the queue they came from
  stuck [--repair]                  tickets waiting without a running workflow (--repair: start or redrive it)
  failed [--redrive]                tickets parked FAILED after every automatic redrive
Results are JSON lines on stdout. Against the running local cloud (npm start; PASOKH_DATA_DIR) it
reads .data/local-cloud.json; against AWS set TABLE_NAME, IDENTITY_HASH_SECRET_ID,
STATE_MACHINE_ARN, INTAKE_QUEUE_URL and DEAD_LETTER_QUEUE_URLS (comma-separated: the stack's
IntakeDeadLetterQueueUrl, OcrDeadLetterQueueUrl and RepairQueueUrl) and the usual AWS credentials.`;

function configure(): { deadLetterQueueUrls: string[] } {
  const localFile = join(localCloudDataDir(join(REPO_ROOT, '.data')), 'local-cloud.json');
  if (!process.env.STATE_MACHINE_ARN && existsSync(localFile)) {
    const local = JSON.parse(readFileSync(localFile, 'utf8')) as {
      clientEnvironment: Record<string, string>;
      resources: Record<string, string>;
      deadLetterQueues: string[];
    };
    Object.assign(process.env, local.clientEnvironment, local.resources);
    return { deadLetterQueueUrls: local.deadLetterQueues };
  }
  if (!process.env.STATE_MACHINE_ARN)
    throw new Error('no local cloud found: start it (npm start) or set the AWS variables');
  return { deadLetterQueueUrls: (process.env.DEAD_LETTER_QUEUE_URLS ?? '').split(',').filter(Boolean) };
}

const flag = (args: readonly string[], name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

runCli(USAGE, async (args) => {
  const { deadLetterQueueUrls } = configure();
  const executions = new StepFunctionsExecutions(sfn(), String(process.env.STATE_MACHINE_ARN));
  const deps: OperationsDeps = {
    tickets: await ticketStore(),
    executions,
    intake: intakeQueue(),
    now: clock,
  };
  const queues = new SqsDeadLetterQueues(sqs(), deadLetterQueueUrls);
  const [command, sub] = args;
  const executionOf = async (ref: string) => {
    if (ref.startsWith('arn:')) return ref;
    const ticket = await findTicket(deps, ref);
    if (!ticket) throw new Error(`no ticket ${ref}`);
    return executions.arnOf(ticket.ticketId);
  };
  switch (command) {
    case 'executions': {
      const ticket = flag(args, '--ticket');
      if (ticket) {
        const found = await executions.describe(await executionOf(ticket));
        if (found) writeJsonl(found);
        return;
      }
      for (const execution of await executions.list(flag(args, '--status'))) writeJsonl(execution);
      return;
    }
    case 'history':
      if (!sub) throw new Error('history needs an execution ARN, ticket id or tracking code');
      for (const event of await executions.history(await executionOf(sub))) writeJsonl(event);
      return;
    case 'dlq':
      if (sub === 'list') for (const queue of await queues.list()) writeJsonl(queue);
      else if (sub === 'redrive' && args[2])
        writeJsonl({ queue: args[2], ...(await queues.redrive(args[2])) });
      else throw new Error('dlq list | dlq redrive <queue name>');
      return;
    case 'stuck': {
      const stuck = await findStuck(deps);
      for (const item of stuck) writeJsonl(item);
      if (args.includes('--repair'))
        process.stderr.write(`repaired ${await repairStuck(deps, stuck)} of ${stuck.length}\n`);
      return;
    }
    case 'failed': {
      const failed = await listFailed(deps);
      for (const item of failed) writeJsonl(item);
      if (args.includes('--redrive')) {
        for (const item of failed) await redriveFailed(deps, item.ticketId, process.env.USER ?? 'ops');
        process.stderr.write(`redriven ${failed.length}\n`);
      }
      return;
    }
    default:
      throw new Error(`unknown command ${command}\n${USAGE}`);
  }
});
