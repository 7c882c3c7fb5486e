import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StopExecutionCommand } from '@aws-sdk/client-sfn';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { call, eventually, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';

const { dataDir, services, statusOf } = cloudContext();
afterAll(() => services.close());

/** `npm run ops -- …` against this local cloud: its JSON lines. */
function ops(...args: string[]): Array<Record<string, unknown>> {
  const out = execFileSync(process.execPath, ['cli/ops.ts', ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, PASOKH_DATA_DIR: dataDir },
    encoding: 'utf8',
  });
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function referredTicket(text: string) {
  const response = await call('POST', '/api/v1/requests', {
    body: { citizen: { firstName: 'علی', lastName: 'رضایی', mobile: uniqueMobile() }, county: 'ایلام', text },
  });
  const ticket = await eventually(
    async () => (await services.tickets.getTicketByTrackingCode(response.body.trackingCode)) ?? undefined,
  );
  return statusOf(ticket.ticketId, 'REFERRED');
}

describe('npm run ops', () => {
  it('finds a ticket’s execution by tracking code and reads its history', async () => {
    const ticket = await referredTicket('فاضلاب کوچه ما پس زده و بوی بد همه جا را گرفته است.');
    const [execution] = ops('executions', '--ticket', ticket.trackingCode);
    expect(execution).toMatchObject({ name: ticket.ticketId, status: 'RUNNING' });
    const history = ops('history', ticket.trackingCode).map((e) => `${e.type} ${e.detail}`);
    expect(history).toContain('TaskStateEntered ReferTicket');
  });

  it('moves a dead-letter queue’s messages back to their queue', async () => {
    const local = JSON.parse(readFileSync(join(dataDir, 'local-cloud.json'), 'utf8')) as {
      clientEnvironment: Record<string, string>;
      deadLetterQueues: string[];
    };
    const dlq = local.deadLetterQueues.find((url) => url.includes('Intake')) as string;
    const name = dlq.split('/').pop() as string;
    const ticket = await referredTicket('لامپ‌های تیر برق خیابان ما یک ماه است سوخته و شب‌ها تاریک است.');
    const sqs = new SQSClient({
      region: 'us-east-1',
      endpoint: local.clientEnvironment.AWS_ENDPOINT_URL_SQS,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await sqs.send(
      new SendMessageCommand({ QueueUrl: dlq, MessageBody: JSON.stringify({ ticketId: ticket.ticketId }) }),
    );
    sqs.destroy();
    expect(ops('dlq', 'list').find((q) => q.name === name)?.messages).toBe(1);
    expect(ops('dlq', 'redrive', name)).toEqual([{ queue: name, moving: 1 }]);
    await eventually(async () =>
      ops('dlq', 'list').find((q) => q.name === name)?.messages === 0 ? true : undefined,
    );
    // Back in the intake queue, the message started nothing twice: one execution, still running.
    expect(await services.executionStatus(ticket.ticketId)).toBe('RUNNING');
  });

  it('finds a ticket waiting without a running workflow and repairs it', async () => {
    const ticket = await referredTicket('جاده روستای ما خاکی است و با هر باران گل می‌شود؛ آسفالت کنید.');
    const arn = (await services.execution(ticket.ticketId)).executionArn as string;
    await services.sfn.send(new StopExecutionCommand({ executionArn: arn, error: 'ops-test' }));
    expect(ops('stuck')).toContainEqual(
      expect.objectContaining({
        ticketId: ticket.ticketId,
        status: 'REFERRED',
        execution: 'ABORTED',
        repair: 'redrive',
      }),
    );
    ops('stuck', '--repair');
    await eventually(async () =>
      (await services.executionStatus(ticket.ticketId)) === 'RUNNING' ? true : undefined,
    );
    expect(ops('stuck').map((s) => s.ticketId)).not.toContain(ticket.ticketId);
  });

  it('redrives a ticket parked FAILED once the fault is gone', async () => {
    await call('POST', '/__local/faults', {
      body: {
        service: 'dynamodb',
        action: 'TransactWriteItems',
        functionPrefix: 'TicketWorkflowRefer',
        count: 3,
      },
    });
    const response = await call('POST', '/api/v1/requests', {
      body: {
        citizen: { firstName: 'مینا', lastName: 'کریمی', mobile: uniqueMobile() },
        county: 'ایلام',
        text: 'گاز منزل ما قطع است و بخاری خاموش مانده است.',
      },
    });
    const ticket = await eventually(async () => {
      const found = await services.tickets.getTicketByTrackingCode(response.body.trackingCode);
      return found?.status === 'FAILED' ? found : undefined;
    }, 30_000);
    expect(ops('failed')).toContainEqual(
      expect.objectContaining({ ticketId: ticket.ticketId, execution: 'FAILED' }),
    );
    ops('failed', '--redrive');
    await statusOf(ticket.ticketId, 'REFERRED');
  });
});
