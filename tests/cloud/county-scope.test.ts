import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';

const { services, credentials, statusOf } = cloudContext();
const as = (token: string) => ({ authorization: `Bearer ${token}` });
let office: string;
let operator: string;
beforeAll(async () => {
  const login = async (username: string | undefined) => {
    const staff = credentials.staff.find((s) => s.username === username);
    const answer = await call('POST', '/api/v1/local/login', {
      body: { username, password: staff?.password },
    });
    expect(answer.status).toBe(200);
    return String(answer.body.token);
  };
  office = await login(credentials.staff.find((s) => s.county === 'DEHLORAN')?.username);
  operator = await login('operator');
});
afterAll(() => services.close());

const request = (county: string, mobile = uniqueMobile()) => ({
  citizen: { firstName: 'حسن', lastName: 'یاری', mobile },
  county,
  text: 'آب آشامیدنی روستای ما یک هفته است قطع شده است و تانکر هم نمی‌آید.',
  channel: 'COUNTY_OFFICE',
});

describe('a county office', () => {
  it('registers and works requests of its county only; another county is refused with nothing stored', async () => {
    const own = await call('POST', '/api/v1/staff/requests', {
      headers: as(office),
      body: request('دهلران'),
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);
    const mobile = uniqueMobile();
    const other = await call('POST', '/api/v1/staff/requests', {
      headers: as(office),
      body: request('ILAM', mobile),
    });
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({ code: 'outside_county' });
    expect(other.body.error.message.fa.length).toBeGreaterThan(0);
    expect((await services.tickets.listByCitizen({ mobile })).items).toHaveLength(0);

    const ilam = await call('POST', '/api/v1/staff/requests', {
      headers: as(operator),
      body: request('ILAM'),
    });
    expect(ilam.status).toBe(201);
    await statusOf(String(ilam.body.ticketId), 'REFERRED');
    await statusOf(String(own.body.ticketId), 'REFERRED');

    expect(
      (await call('GET', `/api/v1/staff/tickets/${own.body.ticketId}`, { headers: as(office) })).status,
    ).toBe(200);
    const foreign = await call('GET', `/api/v1/staff/tickets/${ilam.body.ticketId}`, { headers: as(office) });
    expect(foreign.status).toBe(403);
    const note = await call('POST', `/api/v1/staff/tickets/${ilam.body.ticketId}/notes`, {
      headers: as(office),
      body: { text: 'یادداشت', visibility: 'INTERNAL' },
    });
    expect(note.status).toBe(403);
    expect(
      (await services.tickets.listEvents(String(ilam.body.ticketId))).some((e) => e.type === 'NOTE'),
    ).toBe(false);

    const searched = await call('POST', '/api/v1/staff/tickets/search', {
      headers: as(office),
      body: { status: 'REFERRED', limit: 100 },
    });
    expect(searched.status).toBe(200);
    expect(searched.body.items.length).toBeGreaterThan(0);
    expect(searched.body.items.every((t: { county: string }) => t.county === 'DEHLORAN')).toBe(true);
    const elsewhere = await call('POST', '/api/v1/staff/tickets/search', {
      headers: as(office),
      body: { status: 'REFERRED', county: 'ILAM' },
    });
    expect(elsewhere.status).toBe(403);
    const tasks = await call('GET', '/api/v1/staff/tasks?type=CLASSIFICATION_REVIEW&county=ILAM', {
      headers: as(office),
    });
    expect(tasks.status).toBe(403);
    const batch = await call('POST', '/api/v1/staff/batches', {
      headers: as(office),
      body: {
        intakePoint: { kind: 'COUNTY_OFFICE', id: 'office-ilam' },
        county: 'ILAM',
        collectedOn: '2026-11-30',
      },
    });
    expect(batch.status).toBe(403);
  });
});
