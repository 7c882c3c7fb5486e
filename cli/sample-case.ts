import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDocumentClient } from '../shared/store/dynamodb/client.ts';

/**
 * The sample events name a ticket, referral and batch by placeholder ids (01JSAMPLE…). On a
 * running local cloud, `npm run invoke` makes them real: it files one sample request through the
 * API (always with the same idempotency key, so every invoke shares one case), waits for its
 * referral, opens a batch when the event needs one, and puts their ids in the event.
 */
export const PLACEHOLDERS = {
  ticket: '01JSAMPLETICKET00000000000',
  referral: '01JSAMPLEREFERRAL000000000',
  batch: '01JSAMPLEBATCH000000000000',
  trackingCode: '12345678901',
} as const;

const SAMPLE_MOBILE = '09181234567';
const SAMPLE_REQUEST = {
  citizen: { firstName: 'مریم', lastName: 'کرمی', mobile: SAMPLE_MOBILE },
  county: 'DEHLORAN',
  text: 'آب آشامیدنی روستای ما یک هفته است قطع شده است.',
};

interface Credentials {
  apiBaseUrl: string;
  agencies: Array<{ id: string; apiKey: string }>;
  staff: Array<{ username: string; password: string; roles: string[] }>;
}

async function json(url: string, init: RequestInit = {}): Promise<Record<string, unknown>> {
  const response = await fetch(url, init);
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok)
    throw new Error(`sample case: ${init.method ?? 'GET'} ${url} answered ${response.status}`);
  return body;
}

/** The sample workflow's execution in the samples: its state machine and its name. */
const SAMPLE_STATE_MACHINE = 'arn:aws:states:us-east-1:123456789012:stateMachine:TicketWorkflow';
const SAMPLE_EXECUTION = 'arn:aws:states:us-east-1:123456789012:execution:TicketWorkflow';
const SAMPLE_EXECUTION_NAME = '01JD0000000000000000000000';

export async function withSampleCase(event: string, dataDir: string): Promise<string> {
  if (![...Object.values(PLACEHOLDERS), SAMPLE_EXECUTION_NAME].some((p) => event.includes(p))) return event;
  const credentials = JSON.parse(
    readFileSync(join(dataDir, 'local-credentials.json'), 'utf8'),
  ) as Credentials;
  const cloud = JSON.parse(readFileSync(join(dataDir, 'local-cloud.json'), 'utf8')) as {
    clientEnvironment: Record<string, string>;
    resources: Record<string, string>;
  };
  const stateMachineArn = String(cloud.resources.STATE_MACHINE_ARN);
  const base = credentials.apiBaseUrl;
  const { trackingCode } = (await json(`${base}/api/v1/requests`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': 'npm-run-invoke-sample-case' },
    body: JSON.stringify(SAMPLE_REQUEST),
  })) as { trackingCode: string };
  const key = credentials.agencies.find((a) => a.id === 'water-wastewater')?.apiKey ?? '';
  let referral: { referralId: string } | undefined;
  for (let attempt = 0; attempt < 60 && !referral; attempt++) {
    for (const status of ['OPEN', 'RESOLVED', 'NOT_RESPONSIBLE', 'WITHDRAWN']) {
      const { items } = (await json(`${base}/api/v1/agency/referrals?status=${status}&limit=200`, {
        headers: { 'x-api-key': key },
      })) as { items: Array<{ referralId: string; trackingCode: string }> };
      referral ??= items.find((r) => r.trackingCode === trackingCode);
    }
    if (!referral) await new Promise((r) => setTimeout(r, 500));
  }
  if (!referral) throw new Error('sample case: the sample request was not referred within 30 s');
  // Agencies are not told ticket ids: the tracking code's item in the table names it.
  const env = cloud.clientEnvironment;
  const table = createDocumentClient({
    region: env.AWS_REGION,
    endpoint: env.AWS_ENDPOINT_URL_DYNAMODB,
    credentials: {
      accessKeyId: String(env.AWS_ACCESS_KEY_ID),
      secretAccessKey: String(env.AWS_SECRET_ACCESS_KEY),
    },
  });
  const { Item } = await table.send(
    new GetCommand({
      TableName: cloud.resources.TABLE_NAME,
      Key: { pk: `TRACKING#${trackingCode}`, sk: 'TRACKING' },
    }),
  );
  table.destroy();
  const ticketId = String(Item?.ticketId ?? '');
  if (!ticketId) throw new Error('sample case: the sample ticket is not in the table');
  let filled = event
    .replaceAll(PLACEHOLDERS.ticket, ticketId)
    .replaceAll(SAMPLE_EXECUTION_NAME, ticketId)
    .replaceAll(SAMPLE_STATE_MACHINE, stateMachineArn)
    .replaceAll(SAMPLE_EXECUTION, stateMachineArn.replace(':stateMachine:', ':execution:'))
    .replaceAll(PLACEHOLDERS.referral, referral.referralId)
    // Not inside a longer number (the sample account id begins with the same digits).
    .replace(new RegExp(`(?<!\\d)${PLACEHOLDERS.trackingCode}(?!\\d)`, 'g'), trackingCode)
    .replaceAll('"4567"', `"${SAMPLE_MOBILE.slice(-4)}"`);
  if (filled.includes(PLACEHOLDERS.batch)) {
    const operator = credentials.staff.find((s) => s.roles.includes('operator'));
    const { token } = (await json(`${base}/api/v1/local/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: operator?.username, password: operator?.password }),
    })) as { token: string };
    const { batch } = (await json(`${base}/api/v1/staff/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        intakePoint: { kind: 'CENTER', id: 'center-ilam' },
        county: 'ILAM',
        collectedOn: new Date().toISOString().slice(0, 10),
      }),
    })) as { batch: { batchId: string } };
    filled = filled.replaceAll(PLACEHOLDERS.batch, batch.batchId);
  }
  return filled;
}
