import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { spokenTrackingCode } from '../../shared/domain/tracking-code.ts';
import { DynamoDbNotificationLog } from '../../shared/store/dynamodb/dynamodb-notification-log.ts';
import { call, eventually } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';
import { openBatch } from '../support/letter-batches.ts';

const { services, keyOf, statusOf, tokenFor } = cloudContext();
afterAll(() => services.close());

/** The number printed on the fixture letter, which OCR reads. */
const LETTER_MOBILE = '09167778899';
const smsLog = new DynamoDbNotificationLog({ client: services.client, tableName: services.tableName });

/** One printed letter through a batch, as an operator scans it at a county office. */
async function scannedLetter(): Promise<string> {
  const operator = { authorization: `Bearer ${await tokenFor('operator')}` };
  const page = readFileSync(join(REPO_ROOT, 'tests', 'fixtures', 'ocr', 'letter2-vazirmatn-40-clean.png'));
  const opened = await openBatch(operator, {
    county: 'ILAM',
    intakePoint: { kind: 'COUNTY_OFFICE', id: 'office-ILAM' },
  });
  expect(opened.status).toBe(201);
  const batchId = String(opened.body.batch.batchId);
  const added = await call('POST', `/api/v1/staff/batches/${batchId}/letters`, {
    headers: operator,
    body: { letters: [{ pages: [{ contentType: 'image/png', size: page.length }] }] },
  });
  expect(added.status).toBe(201);
  const { url, method, headers } = added.body.letters[0].pages[0].upload;
  expect((await fetch(url, { method, headers, body: page })).status).toBe(200);
  const submitted = await call('POST', `/api/v1/staff/batches/${batchId}/submission`, { headers: operator });
  expect(submitted.status).toBe(200);
  return String(submitted.body.letters[0].ticketId);
}

const smsAbout = async (trackingCode: string) => {
  const listed = await call('GET', '/api/v1/local/sms');
  return (listed.body.items as Array<{ to: string; text: string }>).filter(
    (m) => m.to === LETTER_MOBILE && m.text.includes(spokenTrackingCode(trackingCode)),
  );
};

describe('a mobile number read by OCR', () => {
  it('gets only a confirmation SMS until the citizen confirms it, then every message', async () => {
    const ticketId = await scannedLetter();
    const referred = await statusOf(ticketId, 'REFERRED', 60_000);
    expect(referred.citizen.mobile).toBe(LETTER_MOBILE);
    expect(referred.mobileConfirmation).toBe('PENDING');

    // The referral's message is held, not sent: the number may be a stranger's.
    const records = await eventually(async () => {
      const logged = await smsLog.listForTicket(ticketId);
      return logged.length >= 2 && logged.every((r) => r.status !== 'SENDING') ? logged : undefined;
    });
    expect(records.map((r) => [r.kind, r.status]).sort()).toEqual([
      ['RECEIVED', 'SENT'],
      ['REFERRED', 'HELD'],
    ]);
    const sent = await smsAbout(referred.trackingCode);
    expect(sent).toHaveLength(1);
    const link = /https?:\/\/\S+/.exec(sent[0]?.text ?? '')?.[0] ?? '';
    const token = new URL(link).searchParams.get('confirm') ?? '';
    expect(token.length).toBeGreaterThan(8);
    // Nothing of the request itself reaches the number before it is confirmed.
    expect(sent[0]?.text).not.toContain('ارجاع');

    const path = `/api/v1/requests/${referred.trackingCode}/mobile-confirmation`;
    const wrong = await call('POST', path, { body: { token: `${token.slice(0, -1)}x` } });
    expect(wrong.status).toBe(404);
    expect((await services.tickets.getTicket(ticketId))?.mobileConfirmation).toBe('PENDING');
    const confirmed = await call('POST', path, { body: { token } });
    expect(confirmed.status).toBe(200);
    expect((await services.tickets.getTicket(ticketId))?.mobileConfirmation).toBe('CONFIRMED');
    expect((await call('POST', path, { body: { token } })).status).toBe(200);
    const events = await services.tickets.listEvents(ticketId);
    expect(events.filter((e) => e.type === 'CITIZEN_UPDATED' && e.reason.includes('confirmed'))).toHaveLength(
      1,
    );

    // Confirmed, the writer is told of the result.
    const resolved = await call('POST', `/api/v1/agency/referrals/${referred.currentReferralId}/responses`, {
      headers: { 'x-api-key': keyOf(String(referred.agencyId)) },
      body: { updateId: 'done-1', outcome: 'RESOLVED', message: 'انجام شد', publicSummary: 'جاده ترمیم شد.' },
    });
    expect(resolved.status).toBe(200);
    const after = await eventually(async () => {
      const messages = await smsAbout(referred.trackingCode);
      return messages.length >= 2 ? messages : undefined;
    });
    expect(after.some((m) => m.text.includes('جاده ترمیم شد'))).toBe(true);
  });
});
