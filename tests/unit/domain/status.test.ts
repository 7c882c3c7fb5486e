import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../../../shared/domain/errors.ts';
import {
  ACTOR_TYPES,
  assertTransition,
  isAllowedTransition,
  PUBLIC_STATUS_FA,
  PUBLIC_STATUSES,
  publicStatus,
  TICKET_STATUSES,
  TICKET_TRANSITIONS,
} from '../../../shared/domain/status.ts';

const pairs = TICKET_STATUSES.flatMap((from) => TICKET_STATUSES.map((to) => [from, to] as const));

describe('ticket status transitions', () => {
  it('rejects every transition absent from the table, for every actor', () => {
    let rejected = 0;
    for (const [from, to] of pairs) {
      const allowed = TICKET_TRANSITIONS[from][to];
      for (const actor of ACTOR_TYPES) {
        if (allowed?.includes(actor)) {
          expect(() => assertTransition(from, to, actor)).not.toThrow();
        } else {
          expect(() => assertTransition(from, to, actor)).toThrow(IllegalTransitionError);
          expect(isAllowedTransition(from, to, actor)).toBe(false);
          rejected++;
        }
      }
    }
    // Most of the 12×12×4 combinations are illegal; a table that allowed everything would fail here.
    expect(rejected).toBeGreaterThan(500);
  });

  it.each([
    ['RECEIVED', 'RESOLVED', 'agency'],
    ['RECEIVED', 'REFERRED', 'staff'],
    ['CLOSED', 'REFERRED', 'staff'],
    ['REFERRED', 'CLOSED', 'agency'],
    ['RESOLVED', 'IN_PROGRESS', 'agency'],
    ['DIGITIZING', 'REFERRED', 'system'],
    ['REFERRED', 'REFERRED', 'system'],
  ] as const)('rejects %s -> %s by %s', (from, to, actor) => {
    expect(() => assertTransition(from, to, actor)).toThrow(IllegalTransitionError);
  });

  it('rejects a legal transition made by the wrong actor, with a bilingual message', () => {
    try {
      assertTransition('REFERRED', 'RESOLVED', 'citizen');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(IllegalTransitionError);
      const { text } = error as IllegalTransitionError;
      expect(text.en).toContain('REFERRED');
      expect(text.fa).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it('never moves out of CLOSED except by reopening', () => {
    expect(Object.keys(TICKET_TRANSITIONS.CLOSED)).toEqual(['REOPENED']);
  });

  it('refers a sure classification straight from where the ticket waits for it, and nothing else', () => {
    expect(isAllowedTransition('RECEIVED', 'REFERRED', 'system')).toBe(true);
    expect(isAllowedTransition('DIGITIZED', 'REFERRED', 'system')).toBe(true);
    expect(isAllowedTransition('DIGITIZING', 'DIGITIZED', 'system')).toBe(true);
    expect(isAllowedTransition('RECEIVED', 'DIGITIZED', 'system')).toBe(false);
  });

  it('lets an agency send a request back as not responsible', () => {
    expect(isAllowedTransition('REFERRED', 'CLASSIFICATION_REVIEW', 'agency')).toBe(true);
    expect(isAllowedTransition('IN_PROGRESS', 'CLASSIFICATION_REVIEW', 'agency')).toBe(true);
  });

  it('reaches every status from RECEIVED or DIGITIZING', () => {
    const reached = new Set<string>(['RECEIVED', 'DIGITIZING']);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [from, to] of pairs) {
        if (reached.has(from) && TICKET_TRANSITIONS[from][to] && !reached.has(to)) {
          reached.add(to);
          grew = true;
        }
      }
    }
    expect([...reached].sort()).toEqual([...TICKET_STATUSES].sort());
  });
});

describe('public status mapping', () => {
  it('maps every internal status to one of the six public ones, and uses all six', () => {
    const mapped = new Set(TICKET_STATUSES.map(publicStatus));
    expect([...mapped].sort()).toEqual([...PUBLIC_STATUSES].sort());
  });

  it('hides internal detail from citizens', () => {
    expect(publicStatus('FAILED')).toBe('PROCESSING');
    expect(publicStatus('CLASSIFICATION_REVIEW')).toBe('PROCESSING');
    expect(publicStatus('AWAITING_CITIZEN')).toBe('IN_PROGRESS');
  });

  it('names every public status in Persian', () => {
    for (const status of PUBLIC_STATUSES) expect(PUBLIC_STATUS_FA[status]).toMatch(/[\u0600-\u06FF]/);
  });
});
