import { execFileSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../infra/constructs/pasokh-function.ts';
import { call, eventually, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';

const { dataDir, services, credentials, keyOf, statusOf, awaitingFeedback } = cloudContext();

afterAll(() => services.close());

async function submit(text: string, county: string) {
  const mobile = uniqueMobile();
  const response = await call('POST', '/api/v1/requests', {
    body: { citizen: { firstName: 'نرگس', lastName: 'امیدی', mobile }, county, text },
  });
  expect(response.status).toBe(201);
  const ticket = await eventually(
    async () => (await services.tickets.getTicketByTrackingCode(response.body.trackingCode)) ?? undefined,
  );
  return { trackingCode: response.body.trackingCode as string, mobile, ticketId: ticket.ticketId };
}

async function reviewerToken(): Promise<string> {
  const reviewer = credentials.staff.find((s) => s.roles.includes('reviewer'));
  const login = await call('POST', '/api/v1/local/login', {
    body: { username: reviewer?.username, password: reviewer?.password },
  });
  expect(login.status).toBe(200);
  return login.body.token as string;
}

describe('human review', () => {
  it('sends an unclear request to review; a reviewer classifies it, it is referred, and the label is kept', async () => {
    const { ticketId, trackingCode, mobile } = await submit(
      'سلام، خسته نباشید. شماره من ۰۹۱۲۳۴۵۶۷۸۹ است.',
      'ایلام',
    );
    await statusOf(ticketId, 'CLASSIFICATION_REVIEW');
    const tracked = await call('GET', `/api/v1/requests/${trackingCode}?mobile=${mobile.slice(-4)}`);
    expect(tracked.body.status).toBe('PROCESSING');

    const unauthenticated = await call('POST', `/api/v1/staff/tickets/${ticketId}/classification`, {
      body: { decision: 'REFER', category: 'WATER_SEWAGE' },
    });
    expect(unauthenticated.status).toBe(401);

    const token = await reviewerToken();
    const decided = await call('POST', `/api/v1/staff/tickets/${ticketId}/classification`, {
      headers: { authorization: `Bearer ${token}` },
      body: { decision: 'REFER', category: 'WATER_SEWAGE', urgency: 'URGENT', note: 'آب شرب' },
    });
    expect(decided.status).toBe(200);
    const referred = await statusOf(ticketId, 'REFERRED');
    expect(referred).toMatchObject({
      category: 'WATER_SEWAGE',
      agencyId: 'water-wastewater',
      urgency: 'URGENT',
    });

    const exported = execFileSync(process.execPath, ['cli/labels.ts', 'export'], {
      cwd: REPO_ROOT,
      env: { ...process.env, PASOKH_DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    const labels = exported
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const label = labels.find((l) => String(l.id).includes(ticketId));
    expect(label).toMatchObject({ category: 'WATER_SEWAGE', urgent: true });
    expect(label.text).not.toMatch(/\d{5}/);
  });

  it('re-routes a referred request to another agency and withdraws the first referral', async () => {
    const { ticketId } = await submit('برق منزل ما مدام قطع و وصل می‌شود و کنتور برق سوخته است.', 'مهران');
    const first = await statusOf(ticketId, 'REFERRED');
    const token = await reviewerToken();
    const rerouted = await call('POST', `/api/v1/staff/tickets/${ticketId}/classification`, {
      headers: { authorization: `Bearer ${token}` },
      body: { decision: 'REFER', category: 'MUNICIPAL' },
    });
    expect(rerouted.status).toBe(200);
    const after = await eventually(async () => {
      const ticket = await services.tickets.getTicket(ticketId);
      return ticket?.status === 'REFERRED' && ticket.agencyId === 'municipalities' ? ticket : undefined;
    });
    expect(after.currentReferralId).not.toBe(first.currentReferralId);
    expect((await services.tickets.getReferral(first.currentReferralId as string))?.status).toBe('WITHDRAWN');
  });
});

describe('reviewers routing to an agency the category does not list', () => {
  it('refuses it unless they say they mean it and why, and the history keeps why', async () => {
    const { ticketId } = await submit('برق کوچه ما از دیشب قطع است و تیر برق کج شده است.', 'ایلام');
    await statusOf(ticketId, 'REFERRED');
    const headers = { authorization: `Bearer ${await reviewerToken()}` };
    const path = `/api/v1/staff/tickets/${ticketId}/classification`;
    const slip = await call('POST', path, {
      headers,
      body: { decision: 'REFER', category: 'ELECTRICITY', agencyId: 'water-wastewater' },
    });
    expect(slip.status).toBe(400);
    expect(slip.body.error.problems[0]).toMatchObject({ path: 'agencyId', code: 'agency_not_for_category' });
    expect((await services.tickets.getTicket(ticketId))?.status).toBe('REFERRED');
    const meant = await call('POST', path, {
      headers,
      body: {
        decision: 'REFER',
        category: 'ELECTRICITY',
        agencyId: 'water-wastewater',
        otherAgency: true,
        note: 'پمپ چاه آب روستا برق ندارد؛ آبفا باید پیگیری کند',
      },
    });
    expect(meant.status).toBe(200);
    const events = await services.tickets.listEvents(ticketId);
    expect(events.some((e) => e.type === 'CLASSIFIED' && e.reason.includes('پمپ چاه'))).toBe(true);
  });
});

describe('reviewer transcription', () => {
  it('refuses a transcription for a request not waiting for one, and stores nothing from bad input', async () => {
    const { ticketId } = await submit('فاضلاب کوچه ما سرریز شده و بوی بد همه جا را گرفته است.', 'ایلام');
    const before = await statusOf(ticketId, 'REFERRED');
    const path = `/api/v1/staff/tickets/${ticketId}/transcription`;
    const transcription = {
      text: 'متن دیگری که نباید جای متن شهروند را بگیرد و بیش از ده نویسه است',
      citizen: { firstName: 'نرگس', lastName: 'امیدی', mobile: uniqueMobile() },
    };
    expect((await call('POST', path, { body: transcription })).status).toBe(401);

    const headers = { authorization: `Bearer ${await reviewerToken()}` };
    const invalid = await call('POST', path, { headers, body: { text: transcription.text } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.message.fa).toMatch(/[\u0600-\u06FF]/);
    expect(invalid.body.error.message.en.length).toBeGreaterThan(0);

    const refused = await call('POST', path, { headers, body: transcription });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('illegal_transition');
    const after = await services.tickets.getTicket(ticketId);
    expect(after?.text).toBe(before.text);
    expect(after?.status).toBe('REFERRED');
  });
});

describe('duplicate requests', () => {
  it('become one referral with the number of citizens behind it, and one answer resolves them all', async () => {
    const letters = [
      'آب آشامیدنی روستای کوله‌جو یک هفته است قطع شده؛ لطفاً رسیدگی کنید',
      'سلام آب آشامیدنی روستای کوله جو یک هفته است قطع شده توروخدا یه کاری بکنید',
      'تماس‌گیرنده اظهار داشت آب آشامیدنی روستای کوله‌جو یک هفته است قطع شده. محل: روستای کوله‌جو.',
    ];
    const submitted: Array<Awaited<ReturnType<typeof submit>>> = [];
    for (const text of letters) {
      const request = await submit(text, 'هلیلان');
      await statusOf(request.ticketId, 'REFERRED');
      submitted.push(request);
    }
    const inbox = await call('GET', '/api/v1/agency/referrals?limit=200', {
      headers: { 'x-api-key': keyOf('water-wastewater') },
    });
    const mine = (
      inbox.body.items as Array<{ referralId: string; trackingCode: string; citizenCount: number }>
    ).filter((r) => submitted.some((s) => s.trackingCode === r.trackingCode));
    expect(mine).toHaveLength(1);
    expect(mine[0]?.citizenCount).toBe(3);

    const answer = await call('POST', `/api/v1/agency/referrals/${mine[0]?.referralId}/responses`, {
      headers: { 'x-api-key': keyOf('water-wastewater') },
      body: {
        updateId: 'kolehjoo-1',
        outcome: 'RESOLVED',
        message: 'پمپ تعویض شد',
        publicSummary: 'آب روستا وصل شد.',
      },
    });
    expect(answer.status).toBe(200);
    for (const request of submitted) {
      const view = await eventually(async () => {
        const { body } = await call(
          'GET',
          `/api/v1/requests/${request.trackingCode}?mobile=${request.mobile.slice(-4)}`,
        );
        return body.status === 'RESOLVED' ? body : undefined;
      });
      expect(view.timeline.at(-1).note).toBe('آب روستا وصل شد.');
      // Every member's workflow goes on to wait for that citizen's own feedback.
      await awaitingFeedback(request.ticketId);
    }
  });
});

describe('reviewers merging and unmerging duplicates', () => {
  it('merges a ticket into a cluster to share its referral, and takes it out again', async () => {
    const a = await submit('آب آشامیدنی روستای چالاب سه روز است قطع شده و تانکر آب نمی‌آید', 'سیروان');
    const b = await submit('آب محله ما سه روز است قطع است و فشار آب صفر است؛ کسی رسیدگی نمی‌کند', 'سیروان');
    const first = await statusOf(a.ticketId, 'REFERRED');
    const second = await statusOf(b.ticketId, 'REFERRED');
    expect(second.currentReferralId).not.toBe(first.currentReferralId);
    const auth = { authorization: `Bearer ${await reviewerToken()}` };

    const merged = await call('POST', `/api/v1/staff/clusters/${first.clusterId}/members`, {
      headers: auth,
      body: { ticketId: b.ticketId },
    });
    expect(merged.status).toBe(200);
    const joined = await eventually(async () => {
      const ticket = await services.tickets.getTicket(b.ticketId);
      return ticket?.status === 'REFERRED' && ticket.currentReferralId === first.currentReferralId
        ? ticket
        : undefined;
    });
    expect(joined.clusterId).toBe(first.clusterId);
    expect((await services.tickets.getReferral(first.currentReferralId as string))?.citizenCount).toBe(2);
    expect((await services.tickets.getReferral(second.currentReferralId as string))?.status).toBe(
      'WITHDRAWN',
    );
    const listed = await call('GET', `/api/v1/staff/clusters/${first.clusterId}`, { headers: auth });
    expect(listed.body.members.map((m: { ticketId: string }) => m.ticketId).sort()).toEqual(
      [a.ticketId, b.ticketId].sort(),
    );

    const removed = await call('DELETE', `/api/v1/staff/clusters/${first.clusterId}/members/${b.ticketId}`, {
      headers: auth,
    });
    expect(removed.status).toBe(200);
    const alone = await eventually(async () => {
      const ticket = await services.tickets.getTicket(b.ticketId);
      return ticket?.status === 'REFERRED' && ticket.currentReferralId !== first.currentReferralId
        ? ticket
        : undefined;
    });
    expect(alone.clusterId).toBe(b.ticketId);
    expect((await services.tickets.getReferral(first.currentReferralId as string))?.citizenCount).toBe(1);
  });

  it('refuses to merge a ticket into the cluster it is already in, and leaves its referral alone', async () => {
    const a = await submit('برق روستای چالاب دو روز است قطع است و ترانس سوخته است', 'سیروان');
    const referred = await statusOf(a.ticketId, 'REFERRED');
    const auth = { authorization: `Bearer ${await reviewerToken()}` };
    const referralBefore = await services.tickets.getReferral(referred.currentReferralId as string);
    const itself = await call('POST', `/api/v1/staff/clusters/${referred.clusterId}/members`, {
      headers: auth,
      body: { ticketId: a.ticketId },
    });
    expect(itself.status).toBe(409);
    expect(itself.body.error.message.fa).toMatch(/[\u0600-\u06FF]/);
    const after = await services.tickets.getTicket(a.ticketId);
    expect(after).toMatchObject({
      status: 'REFERRED',
      currentReferralId: referred.currentReferralId,
      version: referred.version,
    });
    expect(await services.tickets.getReferral(referred.currentReferralId as string)).toEqual(referralBefore);
  });

  it('refuses to merge a ticket into a cluster whose requests are all resolved', async () => {
    const done = await submit('لوله آب روستای ملکشاهی ترکیده و آب قطع است', 'ملکشاهی');
    const referred = await statusOf(done.ticketId, 'REFERRED');
    const resolved = await call('POST', `/api/v1/agency/referrals/${referred.currentReferralId}/responses`, {
      headers: { 'x-api-key': keyOf(referred.agencyId as string) },
      body: { updateId: 'closed-cluster', outcome: 'RESOLVED', message: 'لوله تعویض شد.' },
    });
    expect(resolved.status).toBe(200);
    await statusOf(done.ticketId, 'RESOLVED');
    const other = await submit('برق مدرسه روستای ما قطع است و بچه‌ها در سرما درس می‌خوانند', 'ایلام');
    const otherReferred = await statusOf(other.ticketId, 'REFERRED');
    const merged = await call('POST', `/api/v1/staff/clusters/${referred.clusterId}/members`, {
      headers: { authorization: `Bearer ${await reviewerToken()}` },
      body: { ticketId: other.ticketId },
    });
    expect(merged.status).toBe(409);
    expect(merged.body.error.code).toBe('illegal_transition');
    expect(merged.body.error.message.en).toMatch(/closed/);
    expect(await services.tickets.getTicket(other.ticketId)).toMatchObject({
      status: 'REFERRED',
      currentReferralId: otherReferred.currentReferralId,
      clusterId: otherReferred.clusterId,
    });
  });
});
