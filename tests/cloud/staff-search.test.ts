import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPersianDigits } from '../../shared/persian/digits.ts';
import { call, eventually, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';

const { services, statusOf, tokenFor } = cloudContext();
const as = (token: string) => ({ authorization: `Bearer ${token}` });
let reviewer: string;
let water: { ticketId: string; trackingCode: string; mobile: string };

async function submit(text: string, county: string) {
  const mobile = uniqueMobile();
  const response = await call('POST', '/api/v1/requests', {
    body: { citizen: { firstName: 'سارا', lastName: 'رحیمی', mobile }, county, text },
  });
  expect(response.status).toBe(201);
  const ticket = await eventually(
    async () => (await services.tickets.getTicketByTrackingCode(response.body.trackingCode)) ?? undefined,
  );
  await statusOf(ticket.ticketId, 'REFERRED');
  return { ticketId: ticket.ticketId, trackingCode: String(response.body.trackingCode), mobile };
}

const search = (body: unknown) =>
  call('POST', '/api/v1/staff/tickets/search', { headers: as(reviewer), body });

beforeAll(async () => {
  reviewer = await tokenFor('reviewer');
  water = await submit('لوله آب اصلی روستای ما ترکیده و سه روز است آب آشامیدنی نداریم.', 'مهران');
}, 60_000);
afterAll(() => services.close());

describe('staff search', () => {
  it('finds a request by the citizen’s mobile or by its tracking code as read aloud, never by a number in the URL', async () => {
    const byMobile = await search({ mobile: toPersianDigits(water.mobile) });
    expect(byMobile.status).toBe(200);
    expect(byMobile.body.items.map((i: { ticketId: string }) => i.ticketId)).toEqual([water.ticketId]);
    const spoken = toPersianDigits(
      `${water.trackingCode.slice(0, 4)} ${water.trackingCode.slice(4, 7)}-${water.trackingCode.slice(7)}`,
    );
    const byCode = await search({ trackingCode: spoken });
    expect(byCode.body.items).toHaveLength(1);
    expect(byCode.body.items[0]).toMatchObject({
      ticketId: water.ticketId,
      status: 'REFERRED',
      county: 'MEHRAN',
    });
    expect(JSON.stringify(byCode.body)).not.toContain(water.mobile);

    const detail = await call('GET', `/api/v1/staff/tickets/${water.trackingCode}`, {
      headers: as(reviewer),
    });
    expect(detail.status).toBe(200);
    expect(detail.body.ticket.ticketId).toBe(water.ticketId);
  });

  it('lists by status narrowed by county and agency, and finds overdue referrals', async () => {
    const referred = await search({ status: 'REFERRED', county: 'MEHRAN', limit: 100 });
    expect(referred.status).toBe(200);
    expect(
      referred.body.items.every(
        (i: { county: string; status: string }) => i.county === 'MEHRAN' && i.status === 'REFERRED',
      ),
    ).toBe(true);
    const ticket = await services.tickets.getTicket(water.ticketId);
    const agencyId = String(ticket?.agencyId);
    const sameAgency = await search({ status: 'REFERRED', county: 'MEHRAN', agencyId, limit: 100 });
    expect(sameAgency.body.items.map((i: { ticketId: string }) => i.ticketId)).toContain(water.ticketId);
    const otherAgency = await search({ status: 'REFERRED', county: 'MEHRAN', agencyId: 'gas', limit: 100 });
    expect(otherAgency.body.items.map((i: { ticketId: string }) => i.ticketId)).not.toContain(water.ticketId);

    // The referral's due date passes (set in the store: the clock cannot be moved).
    const referral = await services.tickets.getReferral(String(ticket?.currentReferralId));
    if (!referral) throw new Error('no referral');
    await services.tickets.saveReferralChange({
      before: referral,
      after: {
        ...referral,
        dueAt: new Date(Date.now() - 3_600_000).toISOString(),
        version: referral.version + 1,
      },
    });
    const overdue = await search({ overdue: true, county: 'MEHRAN' });
    const hit = overdue.body.items.find((i: { ticketId: string }) => i.ticketId === water.ticketId);
    expect(hit?.overdueReferral).toMatchObject({ referralId: referral.referralId, agencyId });
    const overdueOfAgency = await search({ overdue: true, agencyId });
    expect(overdueOfAgency.body.items.map((i: { ticketId: string }) => i.ticketId)).toContain(water.ticketId);
  });

  it('refuses a search without a key, an unknown status (listing the allowed ones) and a malformed number', async () => {
    const empty = await search({});
    expect(empty.status).toBe(400);
    expect(empty.body.error.problems[0].code).toBe('search_needs_a_key');
    const badStatus = await search({ status: 'LOST' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.error.problems[0].message.en).toContain('CLASSIFICATION_REVIEW');
    const badMobile = await search({ mobile: '0912' });
    expect(badMobile.body.error.problems[0]).toMatchObject({ path: 'mobile', code: 'invalid_mobile' });
    const ops = await call('POST', '/api/v1/staff/tickets/search', {
      headers: as(await tokenFor('ops')),
      body: { status: 'REFERRED' },
    });
    expect(ops.status).toBe(403);
  });
});

describe('case notes', () => {
  it('keeps an internal note from the citizen and shows a public one on the tracking page, numbers removed', async () => {
    const internal = await call('POST', `/api/v1/staff/tickets/${water.ticketId}/notes`, {
      headers: as(reviewer),
      body: { text: 'کارشناس آب گفت فردا اکیپ می‌فرستد.', visibility: 'INTERNAL' },
    });
    expect(internal.status).toBe(201);
    const published = await call('POST', `/api/v1/staff/tickets/${water.ticketId}/notes`, {
      headers: as(reviewer),
      body: { text: `پیگیری شد؛ با شماره ${water.mobile} تماس می‌گیریم.`, visibility: 'PUBLIC' },
    });
    expect(published.status).toBe(201);
    const tracked = await call(
      'GET',
      `/api/v1/requests/${water.trackingCode}?mobile=${water.mobile.slice(-4)}`,
    );
    const notes = tracked.body.timeline.map((t: { note: string | null }) => t.note).filter(Boolean);
    expect(notes.some((n: string) => n.startsWith('پیگیری شد'))).toBe(true);
    expect(JSON.stringify(tracked.body)).not.toContain('اکیپ');
    expect(JSON.stringify(tracked.body)).not.toContain(water.mobile);
    const events = await services.tickets.listEvents(water.ticketId);
    expect(events.filter((e) => e.type === 'NOTE').map((e) => e.actor.type)).toEqual(['staff', 'staff']);

    const blank = await call('POST', `/api/v1/staff/tickets/${water.ticketId}/notes`, {
      headers: as(reviewer),
      body: { text: '   ', visibility: 'PUBLIC' },
    });
    expect(blank.status).toBe(400);
    expect((await services.tickets.listEvents(water.ticketId)).length).toBe(events.length);
  });
});
