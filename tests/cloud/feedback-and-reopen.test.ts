import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { toPersianDigits } from '../../shared/persian/digits.ts';
import { call, eventually, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';

const { services, keyOf, statusOf, awaitingFeedback } = cloudContext();
afterAll(() => services.close());

const WATER = 'water-wastewater';

async function referredWaterRequest() {
  const mobile = uniqueMobile();
  const submitted = await call('POST', '/api/v1/requests', {
    body: {
      citizen: { firstName: 'زهرا', lastName: 'نظری', mobile },
      county: 'ILAM',
      text: 'آب آشامیدنی محله ما از سه روز پیش قطع است و لوله اصلی ترکیده است.',
    },
  });
  expect(submitted.status).toBe(201);
  const trackingCode = String(submitted.body.trackingCode);
  const found = await eventually(
    async () => (await services.tickets.getTicketByTrackingCode(trackingCode)) ?? undefined,
  );
  const ticket = await statusOf(found.ticketId, 'REFERRED');
  return { trackingCode, mobile, ticketId: ticket.ticketId, referralId: String(ticket.currentReferralId) };
}

async function resolve(referralId: string, updateId: string) {
  const answered = await call('POST', `/api/v1/agency/referrals/${referralId}/responses`, {
    headers: { 'x-api-key': keyOf(WATER) },
    body: {
      updateId,
      outcome: 'RESOLVED',
      message: 'لوله تعویض شد.',
      publicSummary: 'لوله تعویض و آب وصل شد.',
    },
  });
  expect(answered.status, JSON.stringify(answered.body)).toBe(200);
}

const feedback = (code: string, body: Record<string, unknown>) =>
  call('POST', `/api/v1/requests/${code}/feedback`, { body });

describe('citizen feedback', () => {
  it('is refused before a result and with the wrong digits, and changes nothing', async () => {
    const request = await referredWaterRequest();
    const early = await feedback(request.trackingCode, { mobile: request.mobile.slice(-4), rating: 5 });
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe('feedback_not_allowed');
    expect(early.body.error.message.fa.length).toBeGreaterThan(0);
    await resolve(request.referralId, `early-${request.ticketId}`);
    await awaitingFeedback(request.ticketId);
    const wrong = request.mobile.slice(-4) === '0000' ? '1111' : '0000';
    expect((await feedback(request.trackingCode, { mobile: wrong, rating: 5 })).status).toBe(404);
    const outOfRange = await feedback(request.trackingCode, { mobile: request.mobile.slice(-4), rating: 6 });
    expect(outOfRange.status).toBe(400);
    expect(outOfRange.body.error.problems[0].path).toBe('rating');
    expect((await services.tickets.getTicket(request.ticketId))?.status).toBe('RESOLVED');
  });

  it('closes the request on a good rating, once, and ends its follow-up', async () => {
    const request = await referredWaterRequest();
    await resolve(request.referralId, `good-${request.ticketId}`);
    await awaitingFeedback(request.ticketId);
    const given = await feedback(request.trackingCode, {
      mobile: toPersianDigits(request.mobile.slice(-4)),
      rating: 5,
      comment: 'سریع رسیدگی شد، ممنون.',
    });
    expect(given.status, JSON.stringify(given.body)).toBe(201);
    expect(given.body).toMatchObject({ rating: 5, reopened: false, status: 'CLOSED' });
    const again = await feedback(request.trackingCode, { mobile: request.mobile.slice(-4), rating: 1 });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('feedback_already_given');
    await eventually(async () =>
      (await services.executionStatus(request.ticketId)) === 'SUCCEEDED' ? true : undefined,
    );
    expect((await services.tickets.getTicket(request.ticketId))?.status).toBe('CLOSED');
  });

  it('reopens on an unhappy rating to the same agency, escalated; the second time a supervisor decides', async () => {
    const request = await referredWaterRequest();
    await resolve(request.referralId, `first-${request.ticketId}`);
    await awaitingFeedback(request.ticketId);
    const unhappy = await feedback(request.trackingCode, {
      mobile: request.mobile.slice(-4),
      rating: 1,
      comment: 'هنوز آب نداریم.',
    });
    expect(unhappy.status).toBe(201);
    expect(unhappy.body.reopened).toBe(true);

    const referred = await eventually(async () => {
      const ticket = await services.tickets.getTicket(request.ticketId);
      return ticket?.status === 'REFERRED' && ticket.currentReferralId !== request.referralId
        ? ticket
        : undefined;
    });
    expect(referred.reopenCount).toBe(1);
    const second = await services.tickets.getReferral(String(referred.currentReferralId));
    expect(second).toMatchObject({ agencyId: WATER, escalationLevel: 1, status: 'PENDING' });
    expect(second?.lastMessage).toContain('هنوز آب نداریم');
    const tracked = await call(
      'GET',
      `/api/v1/requests/${request.trackingCode}?mobile=${request.mobile.slice(-4)}`,
    );
    expect(tracked.body.status).toBe('REFERRED');

    await eventually(async () => {
      const wait = await services.tickets.getWait(request.ticketId);
      return wait?.kind === 'AGENCY' && wait.referralId === second?.referralId ? wait : undefined;
    });
    await resolve(String(second?.referralId), `second-${request.ticketId}`);
    await awaitingFeedback(request.ticketId);
    // A new result may be rated again.
    const stillUnhappy = await feedback(request.trackingCode, {
      mobile: request.mobile.slice(-4),
      rating: 2,
    });
    expect(stillUnhappy.status).toBe(201);
    const inReview = await statusOf(request.ticketId, 'CLASSIFICATION_REVIEW');
    expect(inReview.reopenCount).toBe(2);
    await eventually(async () =>
      (await services.tickets.getWait(request.ticketId))?.kind === 'REVIEW' ? true : undefined,
    );
    const events = await services.tickets.listEvents(request.ticketId);
    expect(events.filter((e) => e.type === 'FEEDBACK').map((e) => e.actor.type)).toEqual([
      'citizen',
      'citizen',
    ]);
  });

  it('closes a resolved request nobody rated once the grace period passes, and ends its follow-up after the reopen window', async () => {
    const policy = { pk: 'REF#POLICY', sk: 'POLICY' };
    const stored = await services.reference.load();
    const setPolicy = (autoCloseAfterDays: number, reopenWindowDays: number) =>
      services.client.send(
        new UpdateCommand({
          TableName: services.tableName,
          Key: policy,
          UpdateExpression: 'SET autoCloseAfterDays = :close, reopenWindowDays = :reopen',
          ExpressionAttributeValues: { ':close': autoCloseAfterDays, ':reopen': reopenWindowDays },
        }),
      );
    // An administrator shortens the grace period to two seconds and the reopen window to four.
    await setPolicy(2 / 86_400, 4 / 86_400);
    try {
      const request = await referredWaterRequest();
      await resolve(request.referralId, `quiet-${request.ticketId}`);
      const closed = await statusOf(request.ticketId, 'CLOSED', 30_000);
      expect(closed.resolvedAt).not.toBeNull();
      const events = await services.tickets.listEvents(request.ticketId);
      expect(events.at(-1)).toMatchObject({ from: 'RESOLVED', to: 'CLOSED', actor: { type: 'system' } });
      await eventually(
        async () => ((await services.executionStatus(request.ticketId)) === 'SUCCEEDED' ? true : undefined),
        30_000,
      );
      const tracked = await call(
        'GET',
        `/api/v1/requests/${request.trackingCode}?mobile=${request.mobile.slice(-4)}`,
      );
      expect(tracked.body.status).toBe('CLOSED');
    } finally {
      await setPolicy(stored.policy.autoCloseAfterDays, stored.policy.reopenWindowDays);
    }
  });
});
