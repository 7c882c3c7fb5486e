import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, eventually, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';

const { services, keyOf, statusOf, tokenFor, credentials } = cloudContext();
const as = (token: string) => ({ authorization: `Bearer ${token}` });
let reviewer: string;
let supervisor: string;
let operator: string;
beforeAll(async () => {
  [reviewer, supervisor, operator] = await Promise.all([
    tokenFor('reviewer'),
    tokenFor('supervisor'),
    tokenFor('operator'),
  ]);
});
afterAll(() => services.close());

async function submitted(text: string) {
  const response = await call('POST', '/api/v1/requests', {
    body: {
      citizen: { firstName: 'نسرین', lastName: 'مرادی', mobile: uniqueMobile() },
      county: 'ILAM',
      text,
    },
  });
  expect(response.status).toBe(201);
  return eventually(
    async () => (await services.tickets.getTicketByTrackingCode(response.body.trackingCode)) ?? undefined,
  );
}

const tasksOf = async (token: string, type: string) => {
  const listed = await call(
    'GET',
    `/api/v1/staff/tasks?type=${type}&county=${encodeURIComponent('ایلام')}&limit=100`,
    {
      headers: as(token),
    },
  );
  expect(listed.status, JSON.stringify(listed.body)).toBe(200);
  return listed.body.items as Array<{
    taskId: string;
    ticketId: string;
    reason: string;
    claim: { claimedBy: string } | null;
  }>;
};

describe('the human task queue', () => {
  it('lists a low-confidence request for review; one reviewer wins the claim, and completing it refers the request', async () => {
    const ticket = await submitted('سلام، خسته نباشید. شماره من ۰۹۱۲۳۴۵۶۷۸۹ است.');
    await statusOf(ticket.ticketId, 'CLASSIFICATION_REVIEW');
    await eventually(async () =>
      (await services.tickets.getWait(ticket.ticketId))?.kind === 'REVIEW' ? true : undefined,
    );
    const task = (await tasksOf(reviewer, 'CLASSIFICATION_REVIEW')).find(
      (t) => t.ticketId === ticket.ticketId,
    );
    expect(task).toMatchObject({ reason: 'UNSURE', claim: null });
    const counts = await call('GET', '/api/v1/staff/tasks/counts', { headers: as(reviewer) });
    expect(counts.body.counts.CLASSIFICATION_REVIEW).toBeGreaterThanOrEqual(1);
    expect(counts.body.counts.ESCALATION).toBeUndefined();
    expect(
      (await call('GET', '/api/v1/staff/tasks?type=CLASSIFICATION_REVIEW', { headers: as(operator) })).status,
    ).toBe(403);

    const path = `/api/v1/staff/tasks/${task?.taskId}`;
    const [first, second] = await Promise.all([
      call('POST', `${path}/claim`, { headers: as(reviewer) }),
      call('POST', `${path}/claim`, { headers: as(supervisor) }),
    ]);
    expect([first.status, second.status].sort()).toEqual([200, 409]);
    const winner = first.status === 200 ? reviewer : supervisor;
    const loser = winner === reviewer ? supervisor : reviewer;
    const lost = first.status === 409 ? first : second;
    expect(lost.body.error.code).toBe('task_claimed');
    expect(lost.body.error.message.fa.length).toBeGreaterThan(0);
    const listed = (await tasksOf(reviewer, 'CLASSIFICATION_REVIEW')).find(
      (t) => t.ticketId === ticket.ticketId,
    );
    expect(listed?.claim?.claimedBy).toBeTruthy();

    const decision = { decision: 'REFER', category: 'WATER_SEWAGE', note: 'آب شرب' };
    const notHeld = await call('POST', `${path}/completion`, { headers: as(loser), body: decision });
    expect(notHeld.status).toBe(409);
    expect(notHeld.body.error.code).toBe('task_claimed');
    expect((await services.tickets.getTicket(ticket.ticketId))?.status).toBe('CLASSIFICATION_REVIEW');
    const bad = await call('POST', `${path}/completion`, {
      headers: as(winner),
      body: { decision: 'REFER', category: 'NOPE' },
    });
    expect(bad.status).toBe(400);
    const done = await call('POST', `${path}/completion`, { headers: as(winner), body: decision });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    await statusOf(ticket.ticketId, 'REFERRED');
    // A late or repeated completion changes nothing.
    const again = await call('POST', `${path}/completion`, { headers: as(winner), body: decision });
    expect([404, 409]).toContain(again.status);
    expect(
      (await tasksOf(reviewer, 'CLASSIFICATION_REVIEW')).some((t) => t.ticketId === ticket.ticketId),
    ).toBe(false);

    // The decision is in the audit trail of whoever made it, with the field it changed.
    const role = winner === reviewer ? 'reviewer' : 'supervisor';
    const username = credentials.staff.find((s) => s.roles.includes(role))?.username;
    const trail = await call('GET', `/api/v1/staff/audit?actor=${username}`, { headers: as(supervisor) });
    expect(trail.status).toBe(200);
    const decided = trail.body.items.find(
      (e: { ticketId: string; changes?: Array<{ field: string }> }) =>
        e.ticketId === ticket.ticketId && e.changes?.some((c) => c.field === 'category'),
    );
    expect(decided.actor).toEqual({ type: 'staff', id: username });
    expect(decided.changes).toContainEqual(
      expect.objectContaining({ field: 'category', after: 'WATER_SEWAGE' }),
    );
    // A reviewer does not read others' trails.
    expect(
      (await call('GET', `/api/v1/staff/audit?actor=${username}`, { headers: as(reviewer) })).status,
    ).toBe(403);
  });

  it('gives a claim back on release, and routes a NOT_RESPONSIBLE answer to a re-route that a second agency resolves', async () => {
    const ticket = await submitted('برق کوچه ما از دیشب قطع است و تیر برق افتاده است.');
    const referred = await statusOf(ticket.ticketId, 'REFERRED');
    const first = await call('POST', `/api/v1/agency/referrals/${referred.currentReferralId}/responses`, {
      headers: { 'x-api-key': keyOf(String(referred.agencyId)) },
      body: { updateId: `nr-${ticket.ticketId}`, outcome: 'NOT_RESPONSIBLE', message: 'این کار شهرداری است' },
    });
    expect(first.status).toBe(200);
    await statusOf(ticket.ticketId, 'CLASSIFICATION_REVIEW');
    const task = await eventually(async () =>
      (await tasksOf(supervisor, 'NOT_RESPONSIBLE_REROUTE')).find((t) => t.ticketId === ticket.ticketId),
    );
    expect(task.reason).toBe('NOT_RESPONSIBLE');
    const path = `/api/v1/staff/tasks/${task.taskId}`;
    expect((await call('POST', `${path}/claim`, { headers: as(reviewer) })).status).toBe(200);
    expect((await call('DELETE', `${path}/claim`, { headers: as(supervisor) })).status).toBe(409);
    expect((await call('DELETE', `${path}/claim`, { headers: as(reviewer) })).status).toBe(200);
    const unclaimed = await call('POST', `${path}/completion`, {
      headers: as(reviewer),
      body: { decision: 'REFER', category: 'MUNICIPAL' },
    });
    expect(unclaimed.status).toBe(409);
    expect(unclaimed.body.error.code).toBe('task_not_held');
    expect((await call('POST', `${path}/claim`, { headers: as(supervisor) })).status).toBe(200);
    await eventually(async () =>
      (await services.tickets.getWait(ticket.ticketId))?.kind === 'REVIEW' ? true : undefined,
    );
    const rerouted = await call('POST', `${path}/completion`, {
      headers: as(supervisor),
      body: { decision: 'REFER', category: 'MUNICIPAL', note: 'تیر برق کوچه با شهرداری است' },
    });
    expect(rerouted.status, JSON.stringify(rerouted.body)).toBe(200);
    const second = await eventually(async () => {
      const t = await services.tickets.getTicket(ticket.ticketId);
      return t?.status === 'REFERRED' && t.currentReferralId !== referred.currentReferralId ? t : undefined;
    });
    expect(second.agencyId).not.toBe(referred.agencyId);
    await eventually(async () =>
      (await services.tickets.getWait(ticket.ticketId))?.kind === 'AGENCY' ? true : undefined,
    );
    const resolved = await call('POST', `/api/v1/agency/referrals/${second.currentReferralId}/responses`, {
      headers: { 'x-api-key': keyOf(String(second.agencyId)) },
      body: {
        updateId: `ok-${ticket.ticketId}`,
        outcome: 'RESOLVED',
        message: 'تیر برق نصب شد',
        publicSummary: 'تیر برق نصب شد.',
      },
    });
    expect(resolved.status).toBe(200);
    await statusOf(ticket.ticketId, 'RESOLVED');
  });
});
