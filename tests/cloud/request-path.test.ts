import { GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { call, eventually, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';

const { services, keyOf, awaitingFeedback, tokenFor } = cloudContext();

afterAll(() => services.close());

async function submit(text: string, mobile = uniqueMobile(), extra: Record<string, unknown> = {}) {
  const response = await call('POST', '/api/v1/requests', {
    body: { citizen: { firstName: 'زهرا', lastName: 'محمدی', mobile }, county: 'ایوان', text, ...extra },
  });
  expect(response.status).toBe(201);
  return { trackingCode: response.body.trackingCode as string, mobile };
}

async function track(trackingCode: string, mobile: string) {
  return call('GET', `/api/v1/requests/${trackingCode}?mobile=${mobile.slice(-4)}`);
}

async function waitForStatus(trackingCode: string, mobile: string, status: string) {
  return eventually(
    async () => {
      const { body } = await track(trackingCode, mobile);
      return body?.status === status ? body : undefined;
    },
    20_000,
    `${trackingCode} to be ${status}`,
  );
}

async function referralOf(agencyId: string, trackingCode: string, status = 'OPEN') {
  return eventually(async () => {
    const { body } = await call('GET', `/api/v1/agency/referrals?status=${status}&limit=200`, {
      headers: { 'x-api-key': keyOf(agencyId) },
    });
    return (body.items as Array<{ referralId: string; trackingCode: string }>).find(
      (r) => r.trackingCode === trackingCode,
    );
  });
}

describe('a request from the web form to its resolution', () => {
  it('is referred, acknowledged, resolved, and the citizen sees each step', async () => {
    const { trackingCode, mobile } = await submit(
      'آب آشامیدنی روستای ما قطع شده و تانکر آب هم نمی‌آید؛ فشار آب صفر است.',
    );
    expect(trackingCode).toMatch(/^\d{11}$/);

    const referred = await waitForStatus(trackingCode, mobile, 'REFERRED');
    expect(referred).toMatchObject({ category: 'WATER_SEWAGE', agency: 'water-wastewater', county: 'EYVAN' });

    const referral = await referralOf('water-wastewater', trackingCode);
    expect(referral).toMatchObject({ status: 'PENDING', category: 'WATER_SEWAGE', county: 'EYVAN' });
    expect(referral).not.toHaveProperty('citizen');

    const ack = await call('POST', `/api/v1/agency/referrals/${referral.referralId}/ack`, {
      headers: { 'x-api-key': keyOf('water-wastewater') },
    });
    expect(ack.status).toBe(200);
    expect(ack.body.status).toBe('ACKNOWLEDGED');
    await waitForStatus(trackingCode, mobile, 'IN_PROGRESS');

    const resolved = await call('POST', `/api/v1/agency/referrals/${referral.referralId}/responses`, {
      headers: { 'x-api-key': keyOf('water-wastewater') },
      body: {
        updateId: 'fix-1',
        outcome: 'RESOLVED',
        message: 'خط انتقال تعمیر شد',
        publicSummary: 'آب روستا وصل شد.',
      },
    });
    expect(resolved.status).toBe(200);
    const view = await waitForStatus(trackingCode, mobile, 'RESOLVED');
    // A sure classification is written with the referral: no processing step in between.
    expect(view.timeline.map((t: { status: string }) => t.status)).toEqual([
      'RECEIVED',
      'REFERRED',
      'IN_PROGRESS',
      'RESOLVED',
    ]);
    expect(view.timeline.at(-1).note).toBe('آب روستا وصل شد.');

    const ticket = await services.tickets.getTicketByTrackingCode(trackingCode);
    await awaitingFeedback(ticket?.ticketId as string);
  });

  it("keeps the template's buckets in a local S3 that stores and returns objects", async () => {
    const { Buckets } = await services.s3.send(new ListBucketsCommand({}));
    const attachments = Buckets?.find((b) => /attachments/.test(b.Name ?? ''))?.Name as string;
    expect(attachments).toBeDefined();
    const body = 'صفحه نامه';
    await services.s3.send(new PutObjectCommand({ Bucket: attachments, Key: 'probe/page.txt', Body: body }));
    const stored = await services.s3.send(
      new GetObjectCommand({ Bucket: attachments, Key: 'probe/page.txt' }),
    );
    expect(await stored.Body?.transformToString()).toBe(body);
  });

  it('answers unknown codes and wrong digits with the same 404', async () => {
    const { trackingCode, mobile } = await submit('برق محله ما از دیروز قطع است و تیر برق افتاده است.');
    const wrongDigits = await track(trackingCode, `0000${mobile.slice(-4) === '0000' ? '1111' : '0000'}`);
    const unknown = await call('GET', '/api/v1/requests/12345678901?mobile=1234');
    expect(wrongDigits.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(wrongDigits.body).toEqual(unknown.body);
    expect(unknown.body.error.message.fa).toMatch(/[\u0600-\u06FF]/);
  });

  it('replays an Idempotency-Key instead of registering twice', async () => {
    const body = {
      citizen: { firstName: 'علی', lastName: 'نوری', mobile: uniqueMobile() },
      county: 'ILAM',
      text: 'جاده روستا آسفالت ندارد',
    };
    const first = await call('POST', '/api/v1/requests', {
      body,
      headers: { 'idempotency-key': 'same-key-1' },
    });
    const second = await call('POST', '/api/v1/requests', {
      body,
      headers: { 'idempotency-key': 'same-key-1' },
    });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body.trackingCode).toBe(first.body.trackingCode);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    const mine = await services.tickets.listByCitizen({ mobile: body.citizen.mobile });
    expect(mine.items).toHaveLength(1);
  });
});

describe('bad input is refused with Persian and English messages, and nothing is stored', () => {
  const mobile = uniqueMobile();
  const valid = {
    citizen: { firstName: 'سارا', lastName: 'رحیمی', mobile },
    county: 'مهران',
    text: 'درخواست',
  };

  it.each([
    [
      'malformed JSON',
      { rawBody: '{"citizen": ', headers: { 'content-type': 'application/json' } },
      400,
      'malformed_json',
    ],
    [
      'a wrong content type',
      { rawBody: 'text=hello', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
      415,
      'unsupported_media_type',
    ],
    ['an oversize body', { body: { ...valid, text: 'الف'.repeat(40_000) } }, 413, 'payload_too_large'],
    ['missing fields', { body: { county: 'مهران' } }, 400, 'validation_failed'],
    [
      'an invalid mobile',
      { body: { ...valid, citizen: { ...valid.citizen, mobile: '0912' } } },
      400,
      'validation_failed',
    ],
    ['an unknown county', { body: { ...valid, county: 'تهران' } }, 400, 'validation_failed'],
  ])('%s', async (_name, request, status, code) => {
    const response = await call('POST', '/api/v1/requests', request);
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(code);
    expect(response.body.error.message.fa).toMatch(/[\u0600-\u06FF]/);
    expect(response.body.error.message.en).toMatch(/[A-Za-z]/);
    expect((await services.tickets.listByCitizen({ mobile })).items).toEqual([]);
  });

  it('names every invalid field', async () => {
    const response = await call('POST', '/api/v1/requests', {
      body: { ...valid, citizen: { ...valid.citizen, mobile: 'x', nationalId: '123' } },
    });
    expect(response.body.error.problems.map((p: { path: string }) => p.path).sort()).toEqual([
      'citizen.mobile',
      'citizen.nationalId',
    ]);
  });
});

describe('the agency API', () => {
  it('says a missing key is missing (401), and refuses an unknown or revoked key with 403', async () => {
    const missing = await call('GET', '/api/v1/agency/referrals');
    expect(missing.status).toBe(401);
    expect(missing.body.error.message.en).toContain('x-api-key');
    expect(missing.body.error.message.fa).toContain('x-api-key');
    const revoked = `pk_revoked_${Date.now()}_abcdefghijkl`;
    await services.apiKeys.register(revoked, 'gas', new Date());
    await services.apiKeys.revoke(revoked);
    for (const key of ['pk_unknown_key_0123456789abcdef', revoked]) {
      const response = await call('GET', '/api/v1/agency/referrals', {
        headers: key ? { 'x-api-key': key } : {},
      });
      expect(response.status).toBe(403);
      expect(response.body.error.message.fa).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it("hides another agency's referral (404) and applies an update id once", async () => {
    const { trackingCode, mobile } = await submit('برق منزل ما مدام قطع می‌شود و کنتور برق سوخته است.');
    await waitForStatus(trackingCode, mobile, 'REFERRED');
    const referral = await referralOf('power-distribution', trackingCode);
    const asGas = { 'x-api-key': keyOf('gas') };
    expect(
      (await call('POST', `/api/v1/agency/referrals/${referral.referralId}/ack`, { headers: asGas })).status,
    ).toBe(404);
    const foreign = await call('POST', `/api/v1/agency/referrals/${referral.referralId}/responses`, {
      headers: asGas,
      body: { updateId: 'x', outcome: 'RESOLVED', message: 'نه' },
    });
    expect(foreign.status).toBe(404);

    const asPower = { 'x-api-key': keyOf('power-distribution') };
    const update = { updateId: 'progress-1', outcome: 'IN_PROGRESS', message: 'اکیپ اعزام شد' };
    const first = await call('POST', `/api/v1/agency/referrals/${referral.referralId}/responses`, {
      headers: asPower,
      body: update,
    });
    const again = await call('POST', `/api/v1/agency/referrals/${referral.referralId}/responses`, {
      headers: asPower,
      body: update,
    });
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    const ticket = await services.tickets.getTicketByTrackingCode(trackingCode);
    const responses = (await services.tickets.listEvents(ticket?.ticketId as string)).filter(
      (e) => e.type === 'AGENCY_RESPONSE',
    );
    expect(responses).toHaveLength(1);
    expect(ticket?.status).toBe('IN_PROGRESS');
    // The same update id with another answer is a mistake to report, not a repeat to replay.
    const reused = await call('POST', `/api/v1/agency/referrals/${referral.referralId}/responses`, {
      headers: asPower,
      body: { ...update, outcome: 'RESOLVED', message: 'کنتور تعویض شد' },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.error.message.fa).toMatch(/[\u0600-\u06FF]/);
    expect((await services.tickets.getTicketByTrackingCode(trackingCode))?.status).toBe('IN_PROGRESS');

    const invalid = await call('POST', `/api/v1/agency/referrals/${referral.referralId}/responses`, {
      headers: asPower,
      body: { updateId: 'bad', outcome: 'DONE', message: '' },
    });
    expect(invalid.status).toBe(400);
  });
});

describe('no dual-write gap', () => {
  it('brings a stored ticket to the workflow when the hand-off to the queue fails', async () => {
    await call('POST', '/__local/faults', { body: { service: 'sqs', action: 'SendMessage', count: 1 } });
    const { trackingCode, mobile } = await submit(
      'گاز منزل ما وصل نیست و انشعاب گاز نداریم؛ کنتور گاز نصب نشده است.',
    );
    // The injected fault was spent on this request's hand-off...
    expect((await call('POST', '/__local/faults/pending')).body.sqs.SendMessage).toBe(0);
    // ...yet the reconciler found the ticket still RECEIVED and enqueued it again.
    const referred = await waitForStatus(trackingCode, mobile, 'REFERRED');
    expect(referred.agency).toBe('gas');
  });
});

describe('a workflow step that fails', () => {
  const failRefer = (count: number) =>
    call('POST', '/__local/faults', {
      body: {
        service: 'dynamodb',
        action: 'TransactWriteItems',
        functionPrefix: 'TicketWorkflowRefer',
        count,
      },
    });

  it('is redriven from that step automatically, and the ticket reaches its agency', async () => {
    await failRefer(1);
    const { trackingCode, mobile } = await submit('برق کوچه ما از دیشب قطع است و تیر برق کج شده است.');
    await waitForStatus(trackingCode, mobile, 'REFERRED');
    const ticket = await services.tickets.getTicketByTrackingCode(trackingCode);
    const execution = await services.execution(ticket?.ticketId as string);
    expect(execution).toMatchObject({ status: 'RUNNING', redriveCount: 1 });
    const notes = (await services.tickets.listEvents(ticket?.ticketId as string)).filter(
      (e) => e.type === 'NOTE',
    );
    expect(notes.map((n) => n.reason)).toEqual([
      expect.stringMatching(/ValidationException.*redriven, attempt 1 of 2/),
    ]);
  });

  it('is parked for repair after every redrive, and the citizen is told it is delayed', async () => {
    await failRefer(3);
    const { trackingCode, mobile } = await submit('آب لوله‌کشی محله ما سه روز است قطع است و تانکر هم نمی‌آید.');
    const ticket = await eventually(async () => {
      const found = await services.tickets.getTicketByTrackingCode(trackingCode);
      return found?.status === 'FAILED' ? found : undefined;
    }, 30_000);
    const view = await track(trackingCode, mobile);
    expect(view.body.status).toBe('PROCESSING');
    expect(view.body.timeline.at(-1).note).toMatch(/تأخیر/);
    const parked = await eventually(async () => {
      const items = await services.parked();
      return items.find((p) => p.ticketId === ticket.ticketId);
    });
    expect(parked.error).toMatch(/ValidationException/);
    expect((await services.execution(ticket.ticketId)).redriveCount).toBe(2);
  });
});

/** An administrator sets the gas SLA for urgent requests; `restore` puts the seeded one back. */
async function urgentGasSla(seconds: number) {
  const data = await services.reference.load();
  const seeded = data.categories.find((c) => c.code === 'GAS')?.urgentSlaHours;
  const set = async (hours: number | undefined) =>
    services.client.send(
      new (await import('@aws-sdk/lib-dynamodb')).UpdateCommand({
        TableName: services.tableName,
        Key: { pk: 'REF#CATEGORY', sk: 'GAS' },
        UpdateExpression: 'SET urgentSlaHours = :h',
        ExpressionAttributeValues: { ':h': hours },
      }),
    );
  await set(seconds / 3600);
  return { restore: () => set(seeded) };
}

describe('an overdue referral', () => {
  it('is escalated to the supervisor, then the governor, and still followed up until answered', async () => {
    // Ten seconds: the reminder (a fifth of the SLA before the due date) falls two seconds before it.
    const sla = await urgentGasSla(10);
    try {
      const { trackingCode, mobile } = await submit(
        'فوری: نشت گاز و بوی گاز شدید از لوله گاز کوچه؛ انشعاب گاز خراب است.',
      );
      await waitForStatus(trackingCode, mobile, 'REFERRED');
      const ticket = await services.tickets.getTicketByTrackingCode(trackingCode);
      expect(ticket?.urgency).toBe('URGENT');
      const escalated = await eventually(
        async () => {
          const referral = await services.tickets.getReferral(ticket?.currentReferralId as string);
          return referral && referral.escalationLevel === 2 ? referral : undefined;
        },
        45_000,
        'escalation to level 2',
      );
      expect(escalated.status).toBe('PENDING');
      const events = await services.tickets.listEvents(ticket?.ticketId as string);
      expect(events.filter((e) => e.type === 'ESCALATED').length).toBeGreaterThanOrEqual(2);
      // The agency was reminded once, before the due date, and before any escalation.
      const reminders = events.filter((e) => e.type === 'REMINDED');
      expect(reminders).toHaveLength(1);
      expect(Date.parse(String(escalated.remindedAt))).toBeLessThan(Date.parse(escalated.dueAt));
      expect(events.findIndex((e) => e.type === 'REMINDED')).toBeLessThan(
        events.findIndex((e) => e.type === 'ESCALATED'),
      );
      // Each escalation is a supervisor's task with its own SLA, counted from the last escalation.
      const supervisor = { authorization: `Bearer ${await tokenFor('supervisor')}` };
      const tasks = await call('GET', '/api/v1/staff/tasks?type=ESCALATION&limit=100', {
        headers: supervisor,
      });
      const task = tasks.body.items.find((t: { ticketId: string }) => t.ticketId === ticket?.ticketId);
      expect(task).toMatchObject({ escalationLevel: 2, since: escalated.escalatedAt, overdue: false });
      expect(Date.parse(task.dueAt) - Date.parse(String(escalated.escalatedAt))).toBe(24 * 3_600_000);
      expect(await services.executionStatus(ticket?.ticketId as string)).toBe('RUNNING');

      const answered = await call('POST', `/api/v1/agency/referrals/${escalated.referralId}/responses`, {
        headers: { 'x-api-key': keyOf('gas') },
        body: { updateId: 'late-1', outcome: 'RESOLVED', message: 'نشت برطرف شد' },
      });
      expect(answered.status).toBe(200);
      await waitForStatus(trackingCode, mobile, 'RESOLVED');
      // Followed up until the end: the workflow now waits for the citizen's feedback.
      await awaitingFeedback(ticket?.ticketId as string);
      expect(await services.executionStatus(ticket?.ticketId as string)).toBe('RUNNING');
    } finally {
      await sla.restore();
    }
  });

  it("is followed up until the agency's expected date, and escalated when that passes", async () => {
    const sla = await urgentGasSla(600);
    const asGas = { 'x-api-key': keyOf('gas') };
    try {
      const { trackingCode, mobile } = await submit(
        'فوری: بوی گاز شدید در راه‌پله ساختمان؛ لوله گاز نشت دارد.',
      );
      await waitForStatus(trackingCode, mobile, 'REFERRED');
      const ticket = await services.tickets.getTicketByTrackingCode(trackingCode);
      const referralId = String(ticket?.currentReferralId);
      const answer = (updateId: string, body: Record<string, unknown>) =>
        call('POST', `/api/v1/agency/referrals/${referralId}/responses`, {
          headers: asGas,
          body: { updateId, message: 'گروه امداد اعزام شد', ...body },
        });
      const before = await services.tickets.getReferral(referralId);
      // An expected date goes with IN_PROGRESS only, and must lie ahead.
      const withResult = await answer('x-1', {
        outcome: 'RESOLVED',
        expectedBy: new Date(Date.now() + 60_000).toISOString(),
      });
      expect(withResult.status).toBe(400);
      expect(withResult.body.error.problems[0].code).toBe('expected_by_in_progress_only');
      const past = await answer('x-2', { outcome: 'IN_PROGRESS', expectedBy: '2020-01-01' });
      expect(past.body.error.problems[0].code).toBe('expected_by_out_of_range');
      expect((await services.tickets.getReferral(referralId))?.version).toBe(before?.version);

      const expectedBy = new Date(Date.now() + 4000).toISOString();
      const working = await answer('x-3', { outcome: 'IN_PROGRESS', expectedBy });
      expect(working.status).toBe(200);
      expect(working.body.expectedBy).toBe(expectedBy);
      const escalated = await eventually(
        async () => {
          const referral = await services.tickets.getReferral(referralId);
          return referral && referral.escalationLevel === 1 ? referral : undefined;
        },
        30_000,
        'escalation at the expected date',
      );
      // Ten minutes of SLA were left: it was the passed expected date that escalated it.
      expect(Date.parse(escalated.dueAt)).toBeGreaterThan(Date.now());
      expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(expectedBy));
      const events = await services.tickets.listEvents(String(ticket?.ticketId));
      expect(events.find((e) => e.type === 'ESCALATED')?.reason).toContain('expected date');
      expect(events.some((e) => e.reason.includes(`expected by ${expectedBy}`))).toBe(true);
      expect(await services.executionStatus(String(ticket?.ticketId))).toBe('RUNNING');
    } finally {
      await sla.restore();
    }
  });
});
