import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { agencyActor, systemActor } from '../../shared/domain/audit.ts';
import { ConflictError, IdempotencyMismatchError, ValidationError } from '../../shared/domain/errors.ts';
import { newReferralId } from '../../shared/domain/ids.ts';
import { moveReferral, openReferral } from '../../shared/domain/referral.ts';
import { amendTicket, changeStatus, type Ticket } from '../../shared/domain/ticket.ts';
import { createIdentityHasher } from '../../shared/security/identity-hash.ts';
import { DynamoDbTicketStore } from '../../shared/store/dynamodb/dynamodb-ticket-store.ts';
import { freshTable } from '../support/dynamodb.ts';
import { nationalIdFrom, webTicket } from '../support/fixtures.ts';

const hasher = createIdentityHasher('test-secret-key-that-is-long-enough-0123456789');
let store: DynamoDbTicketStore;
let table: Awaited<ReturnType<typeof freshTable>>;

beforeAll(async () => {
  table = await freshTable();
  store = new DynamoDbTicketStore({ client: table.doc, tableName: table.tableName, identityHasher: hasher });
});

const at = (iso: string) => new Date(iso);

/** The client with one command failing as if the call never reached DynamoDB (a fault the emulator cannot make). */
function failingOn(client: DynamoDBDocumentClient, command: abstract new (...args: never[]) => unknown) {
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return (sent: unknown) =>
        sent instanceof command
          ? Promise.reject(new Error('injected: never reached DynamoDB'))
          : target.send(sent as never);
    },
  });
}

async function stored(overrides: Parameters<typeof webTicket>[0] = {}): Promise<Ticket> {
  const { ticket, event } = webTicket(overrides);
  await store.createTicket(ticket, event);
  return ticket;
}

describe('creating tickets', () => {
  it('stores a ticket, finds it by id and tracking code, with its registration event', async () => {
    const ticket = await stored();
    expect(await store.getTicket(ticket.ticketId)).toEqual(ticket);
    expect(await store.getTicketByTrackingCode(ticket.trackingCode)).toEqual(ticket);
    const events = await store.listEvents(ticket.ticketId);
    expect(events.map((e) => [e.type, e.from, e.to])).toEqual([['REGISTERED', null, 'RECEIVED']]);
  });

  it('returns null for unknown ids and codes', async () => {
    expect(await store.getTicket('01JUNKNOWN0000000000000000')).toBeNull();
    expect(await store.getTicketByTrackingCode('12345678901')).toBeNull();
  });

  it('finishes a keyed request whose first attempt died after claiming its key', async () => {
    // The first attempt's batch write never reaches DynamoDB (the function died or timed out).
    const dying = new DynamoDbTicketStore({
      client: failingOn(table.doc, BatchWriteCommand),
      tableName: table.tableName,
      identityHasher: hasher,
    });
    const idempotency = { scope: 'web', key: 'died-midway', fingerprint: 'body' };
    const citizen = { firstName: 'سارا', lastName: 'احمدی', mobile: '09170003301' };
    const first = webTicket({ citizen });
    await expect(dying.createTicket(first.ticket, first.event, idempotency)).rejects.toThrow('injected');
    expect(await store.getTicket(first.ticket.ticketId)).toBeNull();

    const repeat = webTicket({ citizen });
    const result = await store.createTicket(repeat.ticket, repeat.event, idempotency);
    expect(result.created).toBe(true);
    expect(result.ticket).toEqual({
      ...repeat.ticket,
      ticketId: first.ticket.ticketId,
      trackingCode: first.ticket.trackingCode,
      receivedAt: first.ticket.receivedAt,
      statusChangedAt: first.ticket.receivedAt,
      updatedAt: first.ticket.receivedAt,
    });
    expect(await store.getTicketByTrackingCode(first.ticket.trackingCode)).toEqual(result.ticket);
    expect(await store.getTicketByTrackingCode(repeat.ticket.trackingCode)).toBeNull();
    const events = await store.listEvents(first.ticket.ticketId);
    expect(events.map((e) => [e.eventId, e.type])).toEqual([[first.event.eventId, 'REGISTERED']]);
    const byMobile = await store.listByCitizen({ mobile: '09170003301' });
    expect(byMobile.items.map((t) => t.ticketId)).toEqual([first.ticket.ticketId]);

    // A third attempt is a plain repeat.
    const third = webTicket({ citizen });
    expect(await store.createTicket(third.ticket, third.event, idempotency)).toEqual({
      ticket: result.ticket,
      created: false,
    });
  });

  it('creates once per idempotency key and replays the first ticket', async () => {
    const idempotency = { scope: 'web', key: 'key-1', fingerprint: 'body-hash-1' };
    const first = webTicket();
    const second = webTicket();
    const a = await store.createTicket(first.ticket, first.event, idempotency);
    const b = await store.createTicket(second.ticket, second.event, idempotency);
    expect(a).toEqual({ ticket: first.ticket, created: true });
    expect(b).toEqual({ ticket: first.ticket, created: false });
    expect(await store.getTicket(second.ticket.ticketId)).toBeNull();
    expect(await store.getTicketByTrackingCode(second.ticket.trackingCode)).toBeNull();
  });

  it('creates once when the same request races itself', async () => {
    const idempotency = { scope: 'web', key: 'race-key', fingerprint: 'same-body' };
    const attempts = Array.from({ length: 5 }, () => webTicket());
    const results = await Promise.all(
      attempts.map((t) => store.createTicket(t.ticket, t.event, idempotency)),
    );
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.ticket.ticketId)).size).toBe(1);
  });

  it('refuses an idempotency key reused with a different body', async () => {
    const first = webTicket();
    const second = webTicket({ text: 'متن دیگری است' });
    await store.createTicket(first.ticket, first.event, { scope: 'web', key: 'key-2', fingerprint: 'one' });
    await expect(
      store.createTicket(second.ticket, second.event, { scope: 'web', key: 'key-2', fingerprint: 'two' }),
    ).rejects.toBeInstanceOf(IdempotencyMismatchError);
    expect(await store.getTicket(second.ticket.ticketId)).toBeNull();
  });

  it('scopes idempotency keys, so two intake points may use the same key', async () => {
    const a = webTicket();
    const b = webTicket();
    await store.createTicket(a.ticket, a.event, { scope: 'web', key: 'shared', fingerprint: 'x' });
    const result = await store.createTicket(b.ticket, b.event, {
      scope: 'call-center',
      key: 'shared',
      fingerprint: 'x',
    });
    expect(result.created).toBe(true);
  });
});

describe('changing tickets', () => {
  it('writes a status change and its audit event together', async () => {
    const ticket = await stored();
    const change = changeStatus(ticket, {
      to: 'DIGITIZING',
      actor: systemActor('classify'),
      reason: 'pipeline',
      now: at('2026-11-29T08:00:01Z'),
    });
    const saved = await store.saveTicketChange(change);
    expect(saved.version).toBe(2);
    expect(await store.getTicket(ticket.ticketId)).toEqual(saved);
    const events = await store.listEvents(ticket.ticketId);
    expect(events.map((e) => `${e.from}->${e.to}`)).toEqual(['null->RECEIVED', 'RECEIVED->DIGITIZING']);
  });

  it('lets exactly one of two concurrent updates win; the other gets a typed conflict', async () => {
    const ticket = await stored();
    const now = at('2026-11-29T08:00:02Z');
    const toDigitizing = changeStatus(ticket, {
      to: 'DIGITIZING',
      actor: systemActor('a'),
      reason: 'a',
      now,
    });
    const toReview = changeStatus(ticket, {
      to: 'CLASSIFICATION_REVIEW',
      actor: systemActor('b'),
      reason: 'b',
      now,
    });
    const results = await Promise.allSettled([
      store.saveTicketChange(toDigitizing),
      store.saveTicketChange(toReview),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0]?.reason).toBeInstanceOf(ConflictError);
    const current = await store.getTicket(ticket.ticketId);
    const events = await store.listEvents(ticket.ticketId);
    // The loser's audit event was not written: history matches the stored state.
    expect(events).toHaveLength(2);
    expect(events[1]?.to).toBe(current?.status);
  });

  it('refuses a change computed from a stale read', async () => {
    const ticket = await stored();
    const now = at('2026-11-29T08:00:03Z');
    await store.saveTicketChange(
      changeStatus(ticket, { to: 'DIGITIZING', actor: systemActor('x'), reason: 'x', now }),
    );
    const stale = amendTicket(ticket, {
      patch: { text: 'ویرایش شده' },
      actor: systemActor('y'),
      reason: 'y',
      now,
      type: 'NOTE',
    });
    await expect(store.saveTicketChange(stale)).rejects.toBeInstanceOf(ConflictError);
    expect((await store.getTicket(ticket.ticketId))?.text).toBe(ticket.text);
  });
});

describe('listing tickets', () => {
  it('lists a status queue oldest first, page by page', async () => {
    const { tableName, doc } = await freshTable();
    const queueStore = new DynamoDbTicketStore({ client: doc, tableName, identityHasher: hasher });
    const created: Ticket[] = [];
    for (let i = 0; i < 5; i++) {
      const { ticket, event } = webTicket({ now: at(`2026-11-29T09:00:0${4 - i}Z`) });
      await queueStore.createTicket(ticket, event);
      created.push(ticket);
    }
    const first = await queueStore.listByStatus('RECEIVED', { limit: 3 });
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await queueStore.listByStatus('RECEIVED', { limit: 3, cursor: first.nextCursor });
    const ids = [...first.items, ...second.items].map((t) => t.ticketId);
    expect(ids).toEqual(created.map((t) => t.ticketId).reverse());
    expect(second.nextCursor).toBeNull();
    expect((await queueStore.listByStatus('DIGITIZING')).items).toEqual([]);
  });

  it('refuses a cursor from another partition', async () => {
    const page = await store.listByStatus('RECEIVED', { limit: 1 });
    expect(page.nextCursor).not.toBeNull();
    await expect(store.listByStatus('CLOSED', { cursor: page.nextCursor })).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(store.listByStatus('CLOSED', { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(
      ValidationError,
    );
  });

  it('lists by county, category and date window', async () => {
    const inWindow = await stored({ county: 'DEHLORAN', now: at('2026-11-10T10:00:00Z') });
    const before = await stored({ county: 'DEHLORAN', now: at('2026-11-01T10:00:00Z') });
    const otherCounty = await stored({ county: 'MEHRAN', now: at('2026-11-10T10:00:00Z') });
    const classified = await store.saveTicketChange(
      changeStatus(inWindow, {
        to: 'DIGITIZING',
        actor: systemActor('classify'),
        reason: 'classified',
        now: at('2026-11-10T10:00:01Z'),
        patch: { category: 'WATER_SEWAGE' },
      }),
    );
    const window = { from: at('2026-11-05T00:00:00Z'), to: at('2026-11-15T00:00:00Z') };
    const water = await store.listByArea({ county: 'DEHLORAN', category: 'WATER_SEWAGE', ...window });
    expect(water.items.map((t) => t.ticketId)).toEqual([classified.ticketId]);
    const unclassified = await store.listByArea({ county: 'DEHLORAN', category: null, ...window });
    expect(unclassified.items.map((t) => t.ticketId)).not.toContain(before.ticketId);
    expect(unclassified.items.map((t) => t.ticketId)).not.toContain(inWindow.ticketId);
    const wider = await store.listByArea({
      county: 'DEHLORAN',
      category: null,
      from: at('2026-10-01T00:00:00Z'),
      to: window.to,
    });
    expect(wider.items.map((t) => t.ticketId)).toContain(before.ticketId);
    const mehran = await store.listByArea({ county: 'MEHRAN', category: null, ...window });
    expect(mehran.items.map((t) => t.ticketId)).toEqual([otherCounty.ticketId]);
  });

  it("lists a citizen's tickets by mobile or national ID, newest first", async () => {
    const nationalId = nationalIdFrom('123498765');
    const citizen = { firstName: 'رضا', lastName: 'احمدی', mobile: '09351112233', nationalId };
    const older = await stored({ citizen, now: at('2026-11-20T08:00:00Z') });
    const newer = await stored({
      citizen: { ...citizen, nationalId: undefined },
      now: at('2026-11-21T08:00:00Z'),
    });
    await stored({ citizen: { ...citizen, mobile: '09351112234', nationalId: undefined } });
    const byMobile = await store.listByCitizen({ mobile: '09351112233' });
    expect(byMobile.items.map((t) => t.ticketId)).toEqual([newer.ticketId, older.ticketId]);
    const byNationalId = await store.listByCitizen({ nationalId });
    expect(byNationalId.items.map((t) => t.ticketId)).toEqual([older.ticketId]);
  });

  it('finds a citizen by a mobile filled in after registration', async () => {
    const letter = await stored({ citizen: null, channel: 'IN_PERSON', paper: true });
    const filled = amendTicket(letter, {
      patch: { citizen: { firstName: 'زهرا', lastName: 'نوری', mobile: '09901234567', nationalId: null } },
      actor: systemActor('ocr'),
      reason: 'contact details read from the letter',
      now: at('2026-11-29T08:01:00Z'),
      type: 'CITIZEN_UPDATED',
    });
    await store.saveTicketChange(filled);
    const found = await store.listByCitizen({ mobile: '09901234567' });
    expect(found.items.map((t) => t.ticketId)).toEqual([letter.ticketId]);
  });

  it('never puts a raw mobile or national ID in a key', async () => {
    const nationalId = nationalIdFrom('987654321');
    await stored({ citizen: { firstName: 'علی', lastName: 'موسوی', mobile: '09167778899', nationalId } });
    const { Items = [] } = await table.doc.send(new ScanCommand({ TableName: table.tableName }));
    const keyValues = Items.flatMap((item) =>
      ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk'].map((k) =>
        String(item[k] ?? ''),
      ),
    );
    expect(keyValues.some((v) => v.includes('09167778899') || v.includes('9167778899'))).toBe(false);
    expect(keyValues.some((v) => v.includes(nationalId))).toBe(false);
  });

  it('lists the tickets of a duplicate cluster', async () => {
    const a = await stored();
    const b = await stored();
    const now = at('2026-11-29T08:05:00Z');
    for (const ticket of [a, b]) {
      await store.saveTicketChange(
        amendTicket(ticket, {
          patch: { clusterId: 'CLUSTER-1' },
          actor: systemActor('dedupe'),
          reason: 'same issue',
          now,
          type: 'CLUSTERED',
        }),
      );
    }
    const members = await store.listCluster('CLUSTER-1');
    expect(members.items.map((t) => t.ticketId).sort()).toEqual([a.ticketId, b.ticketId].sort());
  });
});

describe('referrals', () => {
  async function referred(agencyId: string, dueAt: string) {
    const ticket = await stored();
    const now = at('2026-11-29T08:10:00Z');
    const referral = openReferral({
      referralId: newReferralId(),
      ticket,
      agencyId,
      category: 'WATER_SEWAGE',
      urgency: 'NORMAL',
      dueAt: at(dueAt),
      now,
    });
    const change = changeStatus(ticket, {
      to: 'REFERRED',
      actor: systemActor('refer'),
      reason: 'referred',
      now,
      patch: { category: 'WATER_SEWAGE', agencyId, currentReferralId: referral.referralId },
      type: 'REFERRED',
    });
    await store.createReferral(referral, change);
    return { ticket: change.after, referral };
  }

  it('refers a ticket atomically and shows it in the agency inbox by due date', async () => {
    const late = await referred('water-test', '2026-12-10T20:30:00Z');
    const early = await referred('water-test', '2026-12-05T20:30:00Z');
    await referred('gas-test', '2026-12-01T20:30:00Z');
    expect((await store.getTicket(late.ticket.ticketId))?.status).toBe('REFERRED');
    const inbox = await store.listAgencyInbox('water-test', 'PENDING');
    expect(inbox.items.map((r) => r.referralId)).toEqual([
      early.referral.referralId,
      late.referral.referralId,
    ]);
    expect(await store.listReferralsOfTicket(late.ticket.ticketId)).toEqual([late.referral]);
  });

  it('lists open referrals due before a moment (the overdue watch)', async () => {
    const overdue = await referred('roads-test', '2026-11-30T20:30:00Z');
    await referred('roads-test', '2026-12-30T20:30:00Z');
    const due = await store.listOpenReferrals('roads-test', at('2026-12-01T00:00:00Z'));
    expect(due.items.map((r) => r.referralId)).toEqual([overdue.referral.referralId]);
  });

  it('applies an agency update once per update id, with the ticket change in the same write', async () => {
    const { ticket, referral } = await referred('health-test', '2026-12-10T20:30:00Z');
    const now = at('2026-11-29T09:00:00Z');
    const change = () => ({
      before: referral,
      after: moveReferral(referral, { to: 'RESOLVED', now, message: 'لوله‌کشی تعمیر شد' }),
      ticketChange: changeStatus(ticket, {
        to: 'RESOLVED',
        actor: agencyActor('health-test'),
        reason: 'resolved',
        now,
      }),
      updateId: 'upd-1',
    });
    const first = await store.saveReferralChange(change());
    const again = await store.saveReferralChange(change());
    expect(again).toEqual(first);
    expect((await store.getReferral(referral.referralId))?.status).toBe('RESOLVED');
    expect((await store.getTicket(ticket.ticketId))?.status).toBe('RESOLVED');
    const resolvedEvents = (await store.listEvents(ticket.ticketId)).filter((e) => e.to === 'RESOLVED');
    expect(resolvedEvents).toHaveLength(1);
    expect((await store.listAgencyInbox('health-test', 'PENDING')).items).toEqual([]);
    expect((await store.listAgencyInbox('health-test', 'RESOLVED')).items.map((r) => r.referralId)).toEqual([
      referral.referralId,
    ]);
    expect(await store.findReferralUpdate(referral.referralId, 'upd-1')).toEqual(first);
  });

  it('refuses a referral change from a stale version', async () => {
    const { referral } = await referred('police-test', '2026-12-10T20:30:00Z');
    const now = at('2026-11-29T09:00:00Z');
    const acknowledged = moveReferral(referral, { to: 'ACKNOWLEDGED', now });
    await store.saveReferralChange({ before: referral, after: acknowledged });
    await expect(
      store.saveReferralChange({
        before: referral,
        after: moveReferral(referral, { to: 'IN_PROGRESS', now }),
      }),
    ).rejects.toBeInstanceOf(ConflictError);
  });
});
