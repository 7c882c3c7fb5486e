import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../shared/domain/errors.ts';
import {
  assertReferralTransition,
  escalationAt,
  isOpenReferral,
  moveReferral,
  nextFollowUpCheck,
  openReferral,
  REFERRAL_STATUSES,
} from '../../../shared/domain/referral.ts';

const referral = openReferral({
  referralId: 'R1',
  ticket: {
    ticketId: 'T1',
    trackingCode: '12345678901',
    county: 'ILAM',
    clusterId: null,
    subject: null,
    text: 'آب قطع است',
  },
  agencyId: 'water-wastewater',
  category: 'WATER_SEWAGE',
  urgency: 'NORMAL',
  dueAt: new Date('2026-12-10T20:30:00Z'),
  now: new Date('2026-11-29T08:00:00Z'),
});

describe('referrals', () => {
  it('opens pending, version 1, for one citizen', () => {
    expect(referral).toMatchObject({ status: 'PENDING', version: 1, citizenCount: 1, escalationLevel: 0 });
  });

  it('stamps acknowledgement and closure as the referral moves', () => {
    const acked = moveReferral(referral, { to: 'ACKNOWLEDGED', now: new Date('2026-11-29T09:00:00Z') });
    expect(acked.acknowledgedAt).toBe('2026-11-29T09:00:00.000Z');
    expect(acked.closedAt).toBeNull();
    const done = moveReferral(acked, {
      to: 'RESOLVED',
      now: new Date('2026-11-30T09:00:00Z'),
      publicSummary: 'انجام شد',
    });
    expect(done).toMatchObject({
      status: 'RESOLVED',
      acknowledgedAt: '2026-11-29T09:00:00.000Z',
      closedAt: '2026-11-30T09:00:00.000Z',
      publicSummary: 'انجام شد',
      version: 3,
    });
  });

  it('allows nothing out of a closed referral', () => {
    for (const closed of REFERRAL_STATUSES.filter((s) => !isOpenReferral(s))) {
      for (const to of REFERRAL_STATUSES) {
        expect(() => assertReferralTransition(closed, to)).toThrow(IllegalTransitionError);
      }
    }
  });

  it('never goes back to pending', () => {
    for (const from of REFERRAL_STATUSES) {
      expect(() => assertReferralTransition(from, 'PENDING')).toThrow(IllegalTransitionError);
    }
  });
});

describe('the escalation ladder', () => {
  const created = new Date('2026-12-01T08:00:00Z');
  const due = new Date('2026-12-03T08:00:00Z');
  const open = { createdAt: created.toISOString(), dueAt: due.toISOString(), expectedBy: null };
  const hours = (h: number) => new Date(due.getTime() + h * 3_600_000);

  it('climbs at the due date, then after a further share of the SLA', () => {
    expect(escalationAt(open, hours(-1), 0.5)).toEqual({ level: 0, secondsToNextCheck: 3600 });
    expect(escalationAt(open, hours(1), 0.5).level).toBe(1);
    expect(escalationAt(open, hours(25), 0.5).level).toBe(2);
  });

  it("waits for the agency's expected date instead of the due date, and climbs when it passes", () => {
    const expected = { ...open, expectedBy: hours(48).toISOString() };
    expect(escalationAt(expected, hours(1), 0.5)).toEqual({ level: 0, secondsToNextCheck: 47 * 3600 });
    expect(escalationAt(expected, hours(49), 0.5).level).toBe(1);
    // An expected date before the due date is held to as well.
    const sooner = { ...open, expectedBy: hours(-24).toISOString() };
    expect(escalationAt(sooner, hours(-23), 0.5).level).toBe(1);
  });
});

describe('the reminder before the due date', () => {
  const created = new Date('2026-12-01T00:00:00Z');
  const due = new Date('2026-12-11T00:00:00Z');
  const open = {
    createdAt: created.toISOString(),
    dueAt: due.toISOString(),
    expectedBy: null,
    remindedAt: null,
  };

  it('comes a share of the SLA before the due date, once', () => {
    expect(nextFollowUpCheck(open, created, 0.2).toISOString()).toBe('2026-12-09T00:00:00.000Z');
    const reminded = { ...open, remindedAt: '2026-12-09T00:00:00.000Z' };
    expect(nextFollowUpCheck(reminded, new Date('2026-12-09T00:00:01Z'), 0.2)).toEqual(due);
  });

  it('is skipped when its moment has passed, or when the policy sets none', () => {
    expect(nextFollowUpCheck(open, new Date('2026-12-10T00:00:00Z'), 0.2)).toEqual(due);
    expect(nextFollowUpCheck(open, created, 0)).toEqual(due);
  });
});
