import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toPersianDigits } from '../../shared/persian/digits.ts';
import { call, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';

const { services, statusOf, tokenFor } = cloudContext();
let operator: string;
const as = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  operator = await tokenFor('operator');
});
afterAll(() => services.close());

const phoneCall = (mobile: string, extra: Record<string, unknown> = {}) => ({
  citizen: { firstName: 'علی', lastName: 'مرادی', mobile: toPersianDigits(mobile) },
  county: 'دهلران',
  text: 'آب آشامیدنی روستای ما یک هفته است قطع شده است و تانکر هم نمی‌آید.',
  channel: 'PHONE',
  ...extra,
});

describe('signing in', () => {
  it('says a wrong password is wrong, and a missing token that no credentials were sent', async () => {
    const wrong = await call('POST', '/api/v1/local/login', {
      body: { username: 'operator', password: 'wrong' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({
      code: 'invalid_credentials',
      message: { en: 'Wrong username or password.' },
    });
    const anonymous = await call('POST', '/api/v1/staff/citizen-lookups', {
      body: { mobile: '09121234567' },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.message.en).toContain('sign in');
  });
});

describe('operator intake', () => {
  it('registers a call for a citizen, reads the code back in Persian digits, and records who took it', async () => {
    const mobile = uniqueMobile();
    const registered = await call('POST', '/api/v1/staff/requests', {
      headers: as(operator),
      body: phoneCall(mobile),
    });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const code = String(registered.body.trackingCode);
    expect(registered.body.trackingCodeSpoken).toBe(
      toPersianDigits(`${code.slice(0, 4)}-${code.slice(4, 7)}-${code.slice(7)}`),
    );
    const ticket = await statusOf(String(registered.body.ticketId), 'REFERRED');
    expect(ticket).toMatchObject({
      channel: 'PHONE',
      county: 'DEHLORAN',
      citizen: { mobile, firstName: 'علی' },
      intakePoint: { kind: 'CALL_CENTER', id: 'call-center', registeredBy: expect.any(String) },
    });
    const [first] = await services.tickets.listEvents(ticket.ticketId);
    expect(first).toMatchObject({
      type: 'REGISTERED',
      actor: { type: 'staff', id: ticket.intakePoint.registeredBy },
    });
  });

  it('joins a repeat call to the open request instead of opening a duplicate, unless it is a new matter', async () => {
    const mobile = uniqueMobile();
    const first = await call('POST', '/api/v1/staff/requests', {
      headers: as(operator),
      body: phoneCall(mobile),
    });
    expect(first.status).toBe(201);

    const repeat = await call('POST', '/api/v1/staff/requests', {
      headers: as(operator),
      body: phoneCall(mobile),
    });
    expect(repeat.status).toBe(409);
    expect(repeat.body.error.code).toBe('citizen_has_open_requests');
    expect(repeat.body.error.message.fa).toMatch(/درخواست باز/);
    expect(repeat.body.error.openRequests.map((r: { trackingCode: string }) => r.trackingCode)).toEqual([
      first.body.trackingCode,
    ]);
    expect((await services.tickets.listByCitizen({ mobile })).items).toHaveLength(1);

    // The lookup takes the number in the body, in any digit script.
    const lookup = await call('POST', '/api/v1/staff/citizen-lookups', {
      headers: as(operator),
      body: { mobile: toPersianDigits(mobile) },
    });
    expect(lookup.status).toBe(200);
    expect(lookup.body.openRequests).toHaveLength(1);
    expect(lookup.body.openRequests[0]).toMatchObject({
      ticketId: first.body.ticketId,
      trackingCodeSpoken: first.body.trackingCodeSpoken,
      channel: 'PHONE',
    });

    const contact = await call('POST', `/api/v1/staff/tickets/${first.body.ticketId}/contacts`, {
      headers: as(operator),
      body: { channel: 'PHONE', note: 'شهروند دوباره تماس گرفت؛ هنوز آب وصل نشده است.' },
    });
    expect(contact.status).toBe(201);
    expect(contact.body.trackingCode).toBe(first.body.trackingCode);
    const events = await services.tickets.listEvents(String(first.body.ticketId));
    expect(events.find((e) => e.type === 'CITIZEN_CONTACT')).toMatchObject({
      actor: { type: 'staff' },
      reason: expect.stringContaining('هنوز آب وصل نشده'),
    });
    expect((await services.tickets.listByCitizen({ mobile })).items).toHaveLength(1);

    const newMatter = await call('POST', '/api/v1/staff/requests', {
      headers: as(operator),
      body: phoneCall(mobile, { text: 'جاده روستای ما خراب است و آسفالت ندارد.', newMatter: true }),
    });
    expect(newMatter.status).toBe(201);
    expect((await services.tickets.listByCitizen({ mobile })).items).toHaveLength(2);
  });

  it('replays a retried registration by its key even though the citizen now has an open request', async () => {
    const mobile = uniqueMobile();
    const headers = { ...as(operator), 'idempotency-key': `call-${mobile}` };
    const first = await call('POST', '/api/v1/staff/requests', { headers, body: phoneCall(mobile) });
    const again = await call('POST', '/api/v1/staff/requests', { headers, body: phoneCall(mobile) });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.trackingCode).toBe(first.body.trackingCode);
    expect((await services.tickets.listByCitizen({ mobile })).items).toHaveLength(1);
  });

  it('refuses bad input in both languages and stores nothing', async () => {
    const mobile = uniqueMobile();
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [phoneCall(mobile, { channel: 'WEB' }), 'channel', 'PHONE'],
      [phoneCall(mobile, { channel: 'VISIT_SITE' }), 'visitId', ''],
      [phoneCall(mobile, { county: 'Narnia' }), 'county', ''],
      [
        { ...phoneCall(mobile), citizen: { firstName: 'علی', lastName: 'مرادی', mobile: '12345' } },
        'citizen.mobile',
        '',
      ],
    ];
    for (const [body, path, listed] of cases) {
      const refused = await call('POST', '/api/v1/staff/requests', { headers: as(operator), body });
      expect(refused.status, path).toBe(400);
      const problem = refused.body.error.problems.find((p: { path: string }) => p.path === path);
      expect(problem, JSON.stringify(refused.body)).toBeDefined();
      expect(problem.message.fa.length).toBeGreaterThan(0);
      if (listed) expect(problem.message.en).toContain(listed);
    }
    expect((await services.tickets.listByCitizen({ mobile })).items).toHaveLength(0);

    const noIdentity = await call('POST', '/api/v1/staff/citizen-lookups', {
      headers: as(operator),
      body: {},
    });
    expect(noIdentity.status).toBe(400);
    expect(noIdentity.body.error.problems[0].code).toBe('mobile_or_national_id_required');
    const unknownTicket = await call('POST', '/api/v1/staff/tickets/01NOSUCHTICKET0000000000000/contacts', {
      headers: as(operator),
      body: { channel: 'PHONE', note: 'تماس دوباره' },
    });
    expect(unknownTicket.status).toBe(404);
    const reviewer = await tokenFor('reviewer');
    const notAnOperator = await call('POST', '/api/v1/staff/requests', {
      headers: as(reviewer),
      body: phoneCall(mobile),
    });
    expect(notAnOperator.status).toBe(403);
  });
});
