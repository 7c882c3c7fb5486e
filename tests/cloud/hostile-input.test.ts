import { afterAll, describe, expect, it } from 'vitest';
import { randomTrackingCode } from '../../shared/domain/tracking-code.ts';
import { LOOKUPS_PER_VIEWER, VIEWER_HEADER } from '../../shared/http/edge.ts';
import { call, cloudUrl, eventually, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';
import { closeViewers, fetchAs } from '../support/viewers.ts';

/** Holes a hostile user found (issue 11), each shut: the answer is a clear 4xx and nothing is stored. */
const { services, statusOf, keyOf, credentials } = cloudContext();

async function tokenOf(role: string): Promise<Record<string, string>> {
  const staff = credentials.staff.find((s) => s.roles.includes(role));
  const login = await call('POST', '/api/v1/local/login', {
    body: { username: staff?.username, password: staff?.password },
  });
  return { authorization: `Bearer ${login.body.token}` };
}
afterAll(async () => {
  await closeViewers();
  services.close();
});

/** A web request registered, and its stored ticket once the store has it. */
async function registered(body: Record<string, unknown>) {
  const response = await call('POST', '/api/v1/requests', { body });
  expect(response.status).toBe(201);
  const trackingCode = response.body.trackingCode as string;
  const ticket = await eventually(
    async () => (await services.tickets.getTicketByTrackingCode(trackingCode)) ?? undefined,
  );
  return { trackingCode, ticket };
}

describe('hostile input at the boundary', () => {
  it('answers a malformed percent-encoding in a path with 400, bilingual, not 500', async () => {
    for (const path of ['/api/v1/requests/%E0%A4%A?mobile=1234', '/api/v1/staff/tickets/%ZZ']) {
      const response = await call('GET', path);
      expect(response.status).toBe(400);
      expect(response.body.error.message.fa).toMatch(/[\u0600-\u06FF]/);
      expect(response.body.error.message.en).toBeTruthy();
    }
  });

  it('stores request text without NUL, ESC or BEL, and refuses invalid UTF-8 without storing it', async () => {
    const mobile = uniqueMobile();
    const text = 'آب\u0000 محله ما\u001b[31m سه روز است\u0007 قطع است و تانکر هم نمی‌آید.';
    const { ticket } = await registered({
      citizen: { firstName: 'زهرا', lastName: 'کرمی', mobile },
      county: 'ILAM',
      text,
    });
    expect(ticket.text).toBe('آب محله ما[31m سه روز است قطع است و تانکر هم نمی‌آید.');

    const other = uniqueMobile();
    const json = JSON.stringify({
      citizen: { firstName: 'زهرا', lastName: 'کرمی', mobile: other },
      county: 'ILAM',
      text: 'X',
    });
    const [before, after] = json.split('"X"') as [string, string];
    const invalid = Buffer.concat([
      Buffer.from(`${before}"آب قطع است `),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`"${after}`),
    ]);
    const response = await fetch(`${cloudUrl()}/api/v1/requests`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: invalid,
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: { fa: string } } };
    expect(body.error.code).toBe('invalid_encoding');
    expect((await services.tickets.listByCitizen({ mobile: other })).items).toEqual([]);
  });

  it('keeps numbers and names that identify someone out of an agency’s public summary; the moderator sees what was removed', async () => {
    const mobile = uniqueMobile();
    const { trackingCode, ticket } = await registered({
      citizen: { firstName: 'رضا', lastName: 'نوری', mobile },
      county: 'ILAM',
      text: 'فاضلاب کوچه ما یک هفته است پس زده و بوی بد همه جا را گرفته است.',
    });
    const referred = await statusOf(ticket.ticketId, 'REFERRED');
    const apiKey = keyOf(referred.agencyId as string);
    const answered = await call('POST', `/api/v1/agency/referrals/${referred.currentReferralId}/responses`, {
      headers: { 'x-api-key': apiKey },
      body: {
        updateId: 'summary-with-numbers',
        outcome: 'RESOLVED',
        message: 'لوله فاضلاب تعویض شد.',
        publicSummary: 'با آقای نوری (۰۹۱۸۷۶۵۴۳۲۱، کد ملی 4120123456) هماهنگ و لوله در ۱۴۰۵/۰۹/۱۰ تعویض شد.',
      },
    });
    expect(answered.status).toBe(200);
    const tracked = await call('GET', `/api/v1/requests/${trackingCode}?mobile=${mobile.slice(-4)}`);
    const notes = JSON.stringify(tracked.body.timeline);
    expect(notes).toContain('لوله در ۱۴۰۵/۰۹/۱۰ تعویض شد');
    expect(notes).not.toContain('۰۹۱۸۷۶۵۴۳۲۱');
    expect(notes).not.toContain('4120123456');
    expect(notes).not.toContain('نوری');

    // The case view shows a supervisor the note as published and the kinds of thing taken out.
    const asCase = await call('GET', `/api/v1/staff/tickets/${ticket.ticketId}`, {
      headers: await tokenOf('supervisor'),
    });
    const resolved = (
      asCase.body.events as Array<{
        publicNote?: string;
        publicNoteAsPublished?: string;
        publicNoteRemoved?: string[];
      }>
    ).find((e) => e.publicNoteAsPublished?.includes('لوله در'));
    expect(resolved?.publicNoteRemoved).toEqual(['number', 'number', 'name']);
    expect(resolved?.publicNoteAsPublished).not.toContain('نوری');
  });

  it('locks a tracking code after five wrong digits, even for the right ones; wrong digits and an unknown code cost the same', async () => {
    const mobile = uniqueMobile();
    const { trackingCode } = await registered({
      citizen: { firstName: 'مینا', lastName: 'احمدی', mobile },
      county: 'ILAM',
      text: 'چراغ‌های کوچه ما یک ماه است خاموش است و شب‌ها کوچه تاریک است.',
    });
    const code = trackingCode;
    const right = mobile.slice(-4);
    const wrong = right === '0000' ? '1111' : '0000';
    const trackCalls = async () => {
      const counts = (await call('POST', '/__local/calls', { body: {} })).body as Record<
        string,
        Record<string, number>
      >;
      return Object.entries(counts).find(([fn]) => fn.startsWith('ApiTrackRequest'))?.[1]?.dynamodb ?? 0;
    };
    const lookup = (trackingCode: string, digits: string) =>
      call('GET', `/api/v1/requests/${trackingCode}?mobile=${digits}`);

    let before = await trackCalls();
    expect((await lookup(code, wrong)).status).toBe(404);
    const wrongDigitsCalls = (await trackCalls()) - before;
    before = await trackCalls();
    expect((await lookup(randomTrackingCode(), wrong)).status).toBe(404);
    expect((await trackCalls()) - before).toBe(wrongDigitsCalls);

    for (let miss = 2; miss <= 5; miss++) expect((await lookup(code, wrong)).status).toBe(404);
    const locked = await lookup(code, right);
    expect(locked.status).toBe(429);
    expect(locked.body.error.message.fa).toMatch(/۱۱۱/);
    expect(JSON.stringify(locked.body)).not.toContain(mobile);
  });

  it('limits tracking lookups per viewer, whatever viewer a client claims to be, and leaves other viewers alone', async () => {
    const url = (code: string) => `${cloudUrl()}/api/v1/requests/${code}?mobile=1234`;
    const prober = fetchAs(900);
    const statuses: number[] = [];
    for (let i = 0; i < LOOKUPS_PER_VIEWER; i++)
      statuses.push((await prober(url(randomTrackingCode()))).status);
    expect(new Set(statuses)).toEqual(new Set([404]));

    const limited = await prober(url(randomTrackingCode()));
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as { error: { code: string; message: { fa: string; en: string } } };
    expect(body.error.code).toBe('too_many_requests');
    expect(body.error.message.fa).toMatch(/[\u0600-\u06FF]/);
    expect(body.error.message.en).toMatch(/too many/i);
    expect(limited.headers.get('retry-after')).toBeTruthy();
    // CloudFront names the viewer, replacing what the client sent under that name.
    const disguised = await prober(url(randomTrackingCode()), {
      headers: { [VIEWER_HEADER]: '203.0.113.9' },
    });
    expect(disguised.status).toBe(429);
    // Another viewer is not limited.
    expect((await fetchAs(901)(url(randomTrackingCode()))).status).toBe(404);
  });

  it('masks contact details on a case by role; revealing them is for the task at hand and recorded', async () => {
    const mobile = uniqueMobile();
    const { ticket } = await registered({
      citizen: { firstName: 'لیلا', lastName: 'مرادی', mobile, nationalId: '4120123456' },
      county: 'ILAM',
      address: 'ایلام، خیابان فردوسی، کوچه ۱۲',
      text: `آب کوچه ما سه روز است قطع است. شماره من ${mobile} است.`,
    });
    const path = `/api/v1/staff/tickets/${ticket.ticketId}`;
    const asOps = await call('GET', path, { headers: await tokenOf('ops') });
    expect(asOps.status).toBe(200);
    expect(asOps.body.contact).toBe('none');
    // Generated ids and times are left out: a tracking code may hold the mobile's last four digits by chance.
    const GENERATED = new Set([
      'ticketId',
      'trackingCode',
      'eventId',
      'at',
      'receivedAt',
      'statusChangedAt',
      'updatedAt',
    ]);
    const opsText = JSON.stringify(asOps.body, (key, value) => (GENERATED.has(key) ? undefined : value));
    for (const secret of [mobile, mobile.slice(-4), '4120123456', 'لیلا', 'فردوسی'])
      expect(opsText).not.toContain(secret);
    expect((await call('GET', `${path}?reveal=contact`, { headers: await tokenOf('ops') })).status).toBe(403);

    const operator = await tokenOf('operator');
    const masked = await call('GET', path, { headers: operator });
    expect(masked.body.ticket.citizen).toMatchObject({
      firstName: 'لیلا',
      mobile: `•••••••${mobile.slice(-4)}`,
    });
    expect(JSON.stringify(masked.body)).not.toContain(mobile);
    const revealed = await call('GET', `${path}?reveal=contact`, { headers: operator });
    expect(revealed.body.ticket.citizen).toMatchObject({ mobile, nationalId: '4120123456' });
    expect(revealed.body.ticket.address).toContain('فردوسی');
    const operatorName = credentials.staff.find((s) => s.roles.includes('operator'))?.username;
    expect(revealed.body.events).toContainEqual(
      expect.objectContaining({ type: 'CONTACT_REVEALED', actor: { type: 'staff', id: operatorName } }),
    );
  });

  it('sends the security headers of the template’s CloudFront policy on the app, the API and gateway errors', async () => {
    const page = await fetch(`${cloudUrl()}/`);
    const api = await fetch(`${cloudUrl()}/api/v1/requests/12345678901?mobile=1234`);
    const gatewayError = await fetch(`${cloudUrl()}/api/v1/no-such-route`);
    for (const response of [page, api, gatewayError]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect(gatewayError.status).toBe(404);
    expect(gatewayError.headers.get('cache-control')).toBe('no-store');
  });
});
