import { afterAll, describe, expect, it } from 'vitest';
import { call, eventually, uniqueMobile } from '../support/api-client.ts';
import { cloudServices } from '../support/cloud-store.ts';
import { type CloudProcess, startCloudProcess } from '../support/local-cloud.ts';

let cloud: CloudProcess | undefined;

afterAll(async () => {
  await cloud?.stop();
});

describe('restarting the local cloud', () => {
  it('resumes a workflow waiting for its agency, with the same task token, after a kill -9', async () => {
    cloud = await startCloudProcess();
    const base = cloud.url;
    const mobile = uniqueMobile();
    const submitted = await call('POST', '/api/v1/requests', {
      base,
      body: {
        citizen: { firstName: 'حسن', lastName: 'کریمی', mobile },
        county: 'دهلران',
        text: 'مدرسه روستای ما معلم ندارد و دانش‌آموزان کلاس ندارند؛ سرویس مدرسه هم نیست.',
      },
    });
    expect(submitted.status).toBe(201);
    const { trackingCode } = submitted.body;
    const apiKey = cloud.credentials().agencies.find((a) => a.id === 'education')?.apiKey as string;
    const referral = await eventually(async () => {
      const { body } = await call('GET', '/api/v1/agency/referrals', {
        base,
        headers: { 'x-api-key': apiKey },
      });
      return (body.items as Array<{ referralId: string; trackingCode: string }>).find(
        (r) => r.trackingCode === trackingCode,
      );
    });
    // The start-up banner names where the credentials are, never the passwords and keys themselves.
    const secrets = [
      ...cloud.credentials().agencies.map((a) => a.apiKey),
      ...cloud.credentials().staff.map((s) => s.password),
    ];
    expect(secrets.length).toBeGreaterThan(3);
    expect(secrets.filter((secret) => cloud?.output().includes(secret))).toEqual([]);
    expect(cloud.output()).toContain('local-credentials.json');
    const services = cloudServices(cloud.dataDir);
    const ticket = await services.tickets.getTicketByTrackingCode(trackingCode);
    const waitBefore = await eventually(
      async () => (await services.tickets.getWait(ticket?.ticketId as string)) ?? undefined,
    );
    services.close();

    // The machine loses power: no shutdown, no chance to save anything more.
    await cloud.kill();
    cloud = await startCloudProcess({ dataDir: cloud.dataDir, port: cloud.port });
    const after = cloudServices(cloud.dataDir);
    try {
      expect(await after.executionStatus(ticket?.ticketId as string)).toBe('RUNNING');
      const response = await call('POST', `/api/v1/agency/referrals/${referral.referralId}/responses`, {
        base,
        headers: { 'x-api-key': apiKey },
        body: { updateId: 'after-restart', outcome: 'RESOLVED', message: 'معلم اعزام شد' },
      });
      expect(response.status).toBe(200);
      // The token recorded before the kill still resumed the execution: it went on to wait for
      // the citizen's feedback on the result, under a new token.
      const waitAfter = await eventually(async () => {
        const wait = await after.tickets.getWait(ticket?.ticketId as string);
        return wait?.kind === 'FEEDBACK' ? wait : undefined;
      });
      expect(waitBefore.kind).toBe('AGENCY');
      expect(waitAfter.taskToken).not.toBe(waitBefore.taskToken);
      expect(await after.executionStatus(ticket?.ticketId as string)).toBe('RUNNING');
      const tracked = await call('GET', `/api/v1/requests/${trackingCode}?mobile=${mobile.slice(-4)}`, {
        base,
      });
      expect(tracked.body.status).toBe('RESOLVED');
    } finally {
      after.close();
    }
  });
});
