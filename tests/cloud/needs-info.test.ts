import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, eventually, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';

const { services, keyOf, statusOf, tokenFor } = cloudContext();
const WATER = 'water-wastewater';
let operator: string;
beforeAll(async () => {
  operator = await tokenFor('operator');
});
afterAll(() => services.close());

async function referred(text = 'آب آشامیدنی کوچه ما از دو روز پیش قطع است و لوله ترکیده است.') {
  const mobile = uniqueMobile();
  const submitted = await call('POST', '/api/v1/requests', {
    body: { citizen: { firstName: 'لیلا', lastName: 'کریمی', mobile }, county: 'ILAM', text },
  });
  expect(submitted.status).toBe(201);
  const code = String(submitted.body.trackingCode);
  const found = await eventually(
    async () => (await services.tickets.getTicketByTrackingCode(code)) ?? undefined,
  );
  const ticket = await statusOf(found.ticketId, 'REFERRED');
  return { code, mobile, ticketId: ticket.ticketId, referralId: String(ticket.currentReferralId) };
}

const waitOf = (ticketId: string, kind: string) =>
  eventually(
    async () => {
      const wait = await services.tickets.getWait(ticketId);
      return wait?.kind === kind ? wait : undefined;
    },
    20_000,
    `${ticketId} to wait for ${kind}`,
  );

async function ask(referralId: string, question: string) {
  const asked = await call('POST', `/api/v1/agency/referrals/${referralId}/responses`, {
    headers: { 'x-api-key': keyOf(WATER) },
    body: {
      updateId: `ask-${referralId}`,
      outcome: 'NEEDS_INFO',
      message: 'نشانی دقیق لازم است',
      publicSummary: question,
    },
  });
  expect(asked.status, JSON.stringify(asked.body)).toBe(200);
}

describe('the agency asks the citizen', () => {
  it('pauses the SLA, tells the citizen by SMS, takes the answer from the tracking page and resumes', async () => {
    const request = await referred();
    const before = await services.tickets.getReferral(request.referralId);
    await ask(request.referralId, 'لطفاً نشانی دقیق و پلاک منزل را بفرستید.');
    await statusOf(request.ticketId, 'AWAITING_CITIZEN');
    await waitOf(request.ticketId, 'CITIZEN');
    const paused = await services.tickets.getReferral(request.referralId);
    expect(paused?.status).toBe('NEEDS_INFO');
    expect(paused?.pausedAt).not.toBeNull();
    const sms = await eventually(async () => {
      const listed = await call('GET', '/api/v1/local/sms');
      return (listed.body.items as Array<{ to: string; text: string }>).find(
        (m) => m.to === request.mobile && m.text.includes('پلاک منزل'),
      );
    });
    expect(sms.text).toContain('اطلاعات بیشتری');

    const wrong = request.mobile.slice(-4) === '0000' ? '1111' : '0000';
    const guessed = await call('POST', `/api/v1/requests/${request.code}/replies`, {
      body: { mobile: wrong, message: 'پلاک ۱۲' },
    });
    expect(guessed.status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const answered = await call('POST', `/api/v1/requests/${request.code}/replies`, {
      body: { mobile: request.mobile.slice(-4), message: 'کوچه شهید رجایی، پلاک ۱۲' },
    });
    expect(answered.status, JSON.stringify(answered.body)).toBe(201);
    await statusOf(request.ticketId, 'IN_PROGRESS');
    const resumed = await services.tickets.getReferral(request.referralId);
    expect(resumed).toMatchObject({ status: 'IN_PROGRESS', pausedAt: null });
    expect(resumed?.lastMessage).toContain('پلاک ۱۲');
    // The due date moved on by the time the clock was stopped.
    expect(Date.parse(String(resumed?.dueAt)) - Date.parse(String(before?.dueAt))).toBeGreaterThanOrEqual(
      1_000,
    );
    await waitOf(request.ticketId, 'AGENCY');
    const inbox = await call('GET', '/api/v1/agency/referrals?status=IN_PROGRESS&limit=200', {
      headers: { 'x-api-key': keyOf(WATER) },
    });
    const item = inbox.body.items.find((r: { referralId: string }) => r.referralId === request.referralId);
    expect(item.lastMessage).toContain('پلاک ۱۲');

    const again = await call('POST', `/api/v1/requests/${request.code}/replies`, {
      body: { mobile: request.mobile.slice(-4), message: 'دوباره' },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('no_question_pending');
  });

  it('refuses a reply to a request that asked nothing, and takes an answer relayed by an operator', async () => {
    const request = await referred('لوله آب روستای ما شکسته و آب هدر می‌رود، تعمیر کنید.');
    const unasked = await call('POST', `/api/v1/requests/${request.code}/replies`, {
      body: { mobile: request.mobile.slice(-4), message: 'سلام' },
    });
    expect(unasked.status).toBe(409);
    expect(unasked.body.error.message.fa.length).toBeGreaterThan(0);
    expect((await services.tickets.getTicket(request.ticketId))?.status).toBe('REFERRED');

    await ask(request.referralId, 'چند خانوار آب ندارند؟');
    await waitOf(request.ticketId, 'CITIZEN');
    const relayed = await call('POST', `/api/v1/staff/tickets/${request.ticketId}/replies`, {
      headers: { authorization: `Bearer ${operator}` },
      body: { channel: 'PHONE', message: 'شهروند تلفنی گفت حدود ۴۰ خانوار.' },
    });
    expect(relayed.status, JSON.stringify(relayed.body)).toBe(201);
    await statusOf(request.ticketId, 'IN_PROGRESS');
    await waitOf(request.ticketId, 'AGENCY');
    const events = await services.tickets.listEvents(request.ticketId);
    expect(events.find((e) => e.type === 'CITIZEN_REPLY')).toMatchObject({ actor: { type: 'staff' } });
  });
});
