import { describe, expect, it } from 'vitest';
import type { WorkCalendar } from '../../../shared/domain/reference.ts';
import { computeDueAt } from '../../../shared/domain/sla.ts';

// Thursday and Friday off, as for Ilam's government offices.
const calendar: WorkCalendar = { timeZone: 'Asia/Tehran', weekendDays: [4, 5], holidays: ['2026-12-06'] };
const category = { slaWorkingDays: 3, urgentSlaHours: 6 };

describe('computeDueAt', () => {
  it('gives urgent requests calendar hours, weekends included', () => {
    const receivedAt = new Date('2026-12-03T10:00:00Z'); // a Thursday
    expect(computeDueAt({ receivedAt, category, urgency: 'URGENT', calendar }).toISOString()).toBe(
      '2026-12-03T16:00:00.000Z',
    );
  });

  it('counts working days from the day after receipt and ends at Tehran midnight', () => {
    // Saturday 28 Nov (Tehran) → Sun 29, Mon 30, Tue 1 Dec are the three working days.
    const receivedAt = new Date('2026-11-28T07:00:00Z');
    const due = computeDueAt({ receivedAt, category, urgency: 'NORMAL', calendar });
    // End of Tuesday 1 Dec in Tehran (UTC+03:30) = 20:30 UTC on 1 Dec.
    expect(due.toISOString()).toBe('2026-12-01T20:30:00.000Z');
  });

  it('skips the weekend and holidays', () => {
    // Wednesday 2 Dec → Thu, Fri off; Sat 5 Dec; Sun 6 Dec holiday; Mon 7; Tue 8.
    const receivedAt = new Date('2026-12-02T06:00:00Z');
    const due = computeDueAt({ receivedAt, category, urgency: 'NORMAL', calendar });
    expect(due.toISOString()).toBe('2026-12-08T20:30:00.000Z');
  });

  it('uses the Tehran date of receipt, not the UTC date', () => {
    // 21:00 UTC on Tuesday 1 Dec is already 00:30 Wednesday 2 Dec in Tehran.
    const late = computeDueAt({
      receivedAt: new Date('2026-12-01T21:00:00Z'),
      category,
      urgency: 'NORMAL',
      calendar,
    });
    const early = computeDueAt({
      receivedAt: new Date('2026-12-02T06:00:00Z'),
      category,
      urgency: 'NORMAL',
      calendar,
    });
    expect(late).toEqual(early);
  });

  it('supports fractional urgent hours (short test SLAs)', () => {
    const receivedAt = new Date('2026-12-03T10:00:00Z');
    const due = computeDueAt({
      receivedAt,
      category: { ...category, urgentSlaHours: 0.001 },
      urgency: 'URGENT',
      calendar,
    });
    expect(due.getTime() - receivedAt.getTime()).toBe(3600);
  });
});
