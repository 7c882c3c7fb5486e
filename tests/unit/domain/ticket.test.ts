import { describe, expect, it } from 'vitest';
import { staffActor, systemActor } from '../../../shared/domain/audit.ts';
import { identityKeys } from '../../../shared/domain/citizen.ts';
import { IllegalTransitionError } from '../../../shared/domain/errors.ts';
import { amendTicket, canReopen, changeStatus, TicketSchema } from '../../../shared/domain/ticket.ts';
import { createIdentityHasher } from '../../../shared/security/identity-hash.ts';
import { webTicket } from '../../support/fixtures.ts';

describe('opening a ticket', () => {
  it('starts a web request RECEIVED with one registration event', () => {
    const { ticket, event } = webTicket();
    expect(TicketSchema.parse(ticket)).toEqual(ticket);
    expect(ticket).toMatchObject({ status: 'RECEIVED', version: 1, category: null, urgency: 'NORMAL' });
    expect(event).toMatchObject({
      type: 'REGISTERED',
      from: null,
      to: 'RECEIVED',
      ticketId: ticket.ticketId,
    });
  });

  it('starts a paper letter DIGITIZING with no citizen details yet', () => {
    const { ticket } = webTicket({ paper: true, citizen: null, channel: 'IN_PERSON' });
    expect(ticket.status).toBe('DIGITIZING');
    expect(ticket.citizen).toEqual({ firstName: null, lastName: null, mobile: null, nationalId: null });
  });

  it('keeps personal data out of the audit event', () => {
    const { ticket, event } = webTicket();
    const serialized = JSON.stringify(event);
    for (const value of [ticket.citizen.mobile, ticket.citizen.nationalId, ticket.citizen.firstName]) {
      expect(serialized).not.toContain(value as string);
    }
  });
});

describe('changing a ticket', () => {
  const now = new Date('2026-11-29T10:00:00Z');

  it('moves status, stamps time and version, and records from and to', () => {
    const { ticket } = webTicket();
    const change = changeStatus(ticket, {
      to: 'CLASSIFICATION_REVIEW',
      actor: systemActor('classify'),
      reason: 'pipeline',
      now,
      patch: { category: 'WATER_SEWAGE' },
    });
    expect(change.after).toMatchObject({
      status: 'CLASSIFICATION_REVIEW',
      category: 'WATER_SEWAGE',
      version: 2,
      statusChangedAt: now.toISOString(),
    });
    expect(change.before).toBe(ticket);
    expect(change.event).toMatchObject({
      from: 'RECEIVED',
      to: 'CLASSIFICATION_REVIEW',
      actor: { type: 'system', id: 'classify' },
    });
  });

  it('refuses an illegal change before anything is written', () => {
    const { ticket } = webTicket();
    expect(() =>
      changeStatus(ticket, { to: 'RESOLVED', actor: staffActor('ali'), reason: 'x', now }),
    ).toThrow(IllegalTransitionError);
  });

  it('amends fields without touching the status', () => {
    const { ticket } = webTicket();
    const change = amendTicket(ticket, {
      patch: { text: 'متن اصلاح شده' },
      actor: staffActor('reviewer1'),
      reason: 'typo',
      now,
      type: 'NOTE',
    });
    expect(change.after).toMatchObject({ status: 'RECEIVED', text: 'متن اصلاح شده', version: 2 });
    expect(change.after.statusChangedAt).toBe(ticket.statusChangedAt);
  });

  it('records when a ticket was resolved', () => {
    const { ticket } = webTicket();
    const inProgress = { ...ticket, status: 'IN_PROGRESS' as const };
    const now = new Date('2026-11-05T10:00:00Z');
    const change = changeStatus(inProgress, {
      to: 'RESOLVED',
      actor: { type: 'agency', id: 'gas' },
      reason: 'done',
      now,
    });
    expect(change.after.resolvedAt).toBe(now.toISOString());
  });

  it('allows reopening only within the window after resolution', () => {
    const { ticket } = webTicket();
    const resolved = { ...ticket, status: 'RESOLVED' as const, resolvedAt: '2026-11-01T00:00:00.000Z' };
    expect(canReopen(resolved, new Date('2026-11-10T00:00:00Z'), 14)).toBe(true);
    expect(canReopen({ ...resolved, status: 'CLOSED' }, new Date('2026-11-10T00:00:00Z'), 14)).toBe(true);
    expect(canReopen(resolved, new Date('2026-11-20T00:00:00Z'), 14)).toBe(false);
    expect(canReopen(ticket, new Date('2026-11-02T00:00:00Z'), 14)).toBe(false);
    expect(canReopen({ ...resolved, resolvedAt: null }, new Date('2026-11-02T00:00:00Z'), 14)).toBe(false);
  });
});

describe('identity hashing', () => {
  const hasher = createIdentityHasher('a-secret-key-of-at-least-thirty-two-chars');

  it('is stable, keyed, and separates mobiles from national IDs', () => {
    const other = createIdentityHasher('another-secret-key-of-at-least-thirty-two');
    expect(hasher.mobile('09121234567')).toBe(hasher.mobile('09121234567'));
    expect(hasher.mobile('09121234567')).not.toBe(other.mobile('09121234567'));
    expect(hasher.mobile('0912123456')).not.toBe(hasher.nationalId('0912123456'));
    expect(hasher.mobile('09121234567')).not.toContain('09121234567');
  });

  it('gives keys only for the details a ticket has', () => {
    const keys = identityKeys(
      { firstName: null, lastName: null, mobile: '09121234567', nationalId: null },
      hasher,
    );
    expect(keys.mobileHash).toBe(hasher.mobile('09121234567'));
    expect(keys.nationalIdHash).toBeNull();
  });

  it('refuses a short key', () => {
    expect(() => createIdentityHasher('short')).toThrow();
  });
});

describe('the audit of a change', () => {
  it('records each field changed before and after, and masks personal values', () => {
    const { ticket } = webTicket();
    const change = changeStatus(ticket, {
      to: 'CLASSIFICATION_REVIEW',
      actor: systemActor('classify'),
      reason: 'unsure',
      now: new Date(),
      patch: {
        category: 'WATER_SEWAGE',
        urgency: ticket.urgency,
        text: 'متن دیگری با نام و شماره',
        citizen: { ...(ticket.citizen as NonNullable<typeof ticket.citizen>), mobile: '09120000001' },
      },
    });
    expect(change.event.changes).toEqual([
      { field: 'category', before: null, after: 'WATER_SEWAGE' },
      { field: 'text', before: '•••', after: '•••' },
      { field: 'citizen.mobile', before: '•••', after: '•••' },
    ]);
    expect(JSON.stringify(change.event)).not.toContain('09120000001');
  });

  it('records nothing for a change that alters no field', () => {
    const { ticket } = webTicket();
    const amended = amendTicket(ticket, {
      patch: { urgency: ticket.urgency },
      actor: staffActor('reviewer-1'),
      reason: 'looked again',
      now: new Date(),
      type: 'NOTE',
    });
    expect(amended.event.changes).toBeUndefined();
  });
});
