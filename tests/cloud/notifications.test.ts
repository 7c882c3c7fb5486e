import { afterAll, describe, expect, it } from 'vitest';
import { SMS_MAX_PARTS, smsParts } from '../../shared/domain/notifications.ts';
import { toPersianDigits } from '../../shared/persian/digits.ts';
import { call, eventually, uniqueMobile } from '../support/api-client.ts';
import { cloudContext } from '../support/cloud-context.ts';

const { services, keyOf, statusOf, awaitingFeedback } = cloudContext();
afterAll(() => services.close());

interface Sms {
  messageId: string;
  to: string;
  text: string;
  at: string;
}
const smsTo = async (mobile: string): Promise<Sms[]> => {
  const listed = await call('GET', '/api/v1/local/sms');
  expect(listed.status).toBe(200);
  return (listed.body.items as Sms[]).filter((m) => m.to === mobile).reverse();
};
/** The messages to `mobile` once there are `count` of them. */
const smsWhen = (mobile: string, count: number) =>
  eventually(
    async () => {
      const messages = await smsTo(mobile);
      return messages.length >= count ? messages : undefined;
    },
    20_000,
    `${count} SMS to the citizen`,
  );

describe('SMS to citizens', () => {
  it('tells the citizen at registration, referral and result, in Persian digits within the length limit', async () => {
    const mobile = uniqueMobile();
    const submitted = await call('POST', '/api/v1/requests', {
      body: {
        citizen: { firstName: 'مینا', lastName: 'احمدی', mobile },
        county: 'ILAM',
        text: 'لوله آب اصلی کوچه ما ترکیده و دو روز است آب آشامیدنی نداریم.',
      },
    });
    expect(submitted.status).toBe(201);
    const code = String(submitted.body.trackingCode);
    const spoken = toPersianDigits(`${code.slice(0, 4)}-${code.slice(4, 7)}-${code.slice(7)}`);
    const ticket = await eventually(
      async () => (await services.tickets.getTicketByTrackingCode(code)) ?? undefined,
    );
    const referred = await statusOf(ticket.ticketId, 'REFERRED');
    // Two events, two messages; the queue may hand them to the sender in either order.
    const first = await smsWhen(mobile, 2);
    const received = first.find((m) => m.text.includes('کد رهگیری'));
    const referral = first.find((m) => m.text.includes('ارجاع'));
    expect(received?.text).toContain(spoken);
    expect(received?.text).toContain('ثبت شد');
    expect(referral?.text).toContain(spoken);
    expect(referral?.text).not.toMatch(/[0-9]{4}/);

    const answered = await call('POST', `/api/v1/agency/referrals/${referred.currentReferralId}/responses`, {
      headers: { 'x-api-key': keyOf('water-wastewater') },
      body: {
        updateId: `sms-${ticket.ticketId}`,
        outcome: 'RESOLVED',
        message: 'لوله تعویض شد.',
        publicSummary: `لوله اصلی تعویض شد و آب وصل است؛ برای پیگیری با ${mobile} تماس گرفتیم. ${'کارشناسان ما در محل حاضر بودند و کار را تمام کردند. '.repeat(6)}`,
      },
    });
    expect(answered.status).toBe(200);
    await awaitingFeedback(ticket.ticketId);
    const messages = await smsWhen(mobile, 3);
    const resolved = messages.find((m) => m.text.includes('نتیجه')) as Sms;
    expect(resolved.text).toContain('نتیجه');
    expect(resolved.text).toContain(`code=${code}`);
    // The agency's summary is shortened to fit, and numbers that identify someone are taken out.
    expect(smsParts(resolved.text)).toBeLessThanOrEqual(SMS_MAX_PARTS);
    expect(resolved.text).not.toContain(mobile);
    expect(resolved.text).not.toContain(toPersianDigits(mobile));
    expect(messages).toHaveLength(3);
  });

  it('sends exactly one SMS per event, even when the event is delivered again', async () => {
    const mobile = uniqueMobile();
    const submitted = await call('POST', '/api/v1/requests', {
      body: {
        citizen: { firstName: 'رضا', lastName: 'احمدی', mobile },
        county: 'ILAM',
        text: 'برق کوچه ما از دیشب قطع است و تیر برق افتاده است.',
      },
    });
    const ticket = await eventually(
      async () =>
        (await services.tickets.getTicketByTrackingCode(String(submitted.body.trackingCode))) ?? undefined,
    );
    await statusOf(ticket.ticketId, 'REFERRED');
    await smsWhen(mobile, 2);
    const [registered] = await services.tickets.listEvents(ticket.ticketId);
    // The queue delivers the registration's message twice more, as at-least-once delivery may.
    for (let i = 0; i < 2; i++)
      await services.sendTo('SMS_QUEUE_URL', {
        ticketId: ticket.ticketId,
        eventId: registered?.eventId,
        at: registered?.at,
        kind: 'RECEIVED',
      });
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const messages = await smsTo(mobile);
    expect(messages.filter((m) => m.text.includes('کد رهگیری'))).toHaveLength(1);
    expect(messages).toHaveLength(2);
  });
});
