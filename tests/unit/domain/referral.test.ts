import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../shared/domain/errors.ts';
import {
  assertReferralTransition,
  isOpenReferral,
  moveReferral,
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
