import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, ValidationError } from '../../../shared/domain/errors.ts';
import {
  AddLettersSchema,
  addLetters,
  BATCH_MAX_LETTERS,
  CreateBatchSchema,
  LETTERS_PER_REQUEST,
  type LetterBatch,
  openBatch,
  submitBatch,
} from '../../../shared/domain/letter-batch.ts';
import { parseInput } from '../../../shared/domain/validation.ts';

const now = new Date('2026-11-29T08:00:00Z');
const MB = 1024 * 1024;

function batch(): LetterBatch {
  const input = parseInput(CreateBatchSchema, {
    intakePoint: { kind: 'VISIT_SITE', id: 'visit-1405-dehloran-site-2', visitId: 'visit-1405' },
    county: 'DEHLORAN',
    collectedOn: '2026-11-28',
    collector: 'collector-7',
  });
  return openBatch('01JBATCH00000000000000000A', input, 'operator-1', now);
}

const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected a validation error');
};

describe('letter batches', () => {
  it('opens at an intake point with the operator recorded, and needs a visit for a visit site', () => {
    const opened = batch();
    expect(opened).toMatchObject({
      status: 'OPEN',
      county: 'DEHLORAN',
      intakePoint: { kind: 'VISIT_SITE', visitId: 'visit-1405', registeredBy: 'operator-1' },
      letterCount: 0,
    });
    const problems = problemsOf(() =>
      parseInput(CreateBatchSchema, {
        intakePoint: { kind: 'VISIT_SITE', id: 'site-2' },
        county: 'DEHLORAN',
        collectedOn: '2026-11-28',
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ path: 'intakePoint.visitId', code: 'visit_required' }),
    ]);
    expect(() =>
      parseInput(CreateBatchSchema, {
        intakePoint: { kind: 'WEB', id: 'web' },
        county: 'DEHLORAN',
        collectedOn: 'x',
      }),
    ).toThrow(ValidationError);
  });

  it('names a storage key per page, numbering letters on from those already in the batch', () => {
    const first = addLetters(batch(), {
      letters: [
        {
          pages: [
            { contentType: 'image/jpeg', size: 1000 },
            { contentType: 'image/png', size: 2000 },
          ],
        },
      ],
    });
    const second = addLetters(first.batch, {
      letters: [{ pages: [{ contentType: 'application/pdf', size: 3000 }] }],
    });
    expect(first.added[0]?.pages.map((p) => p.key)).toEqual([
      'batches/01JBATCH00000000000000000A/letter-001/page-01.jpg',
      'batches/01JBATCH00000000000000000A/letter-001/page-02.png',
    ]);
    expect(second.added[0]).toMatchObject({
      letterNo: 2,
      pages: [{ page: 1, contentType: 'application/pdf' }],
    });
    expect(second.batch.letterCount).toBe(2);
  });

  it('refuses files that are not scans, too large, or too many letters, with the limit in the message', () => {
    const problems = problemsOf(() =>
      parseInput(AddLettersSchema, {
        letters: [
          {
            pages: [
              { contentType: 'application/zip', size: 10 },
              { contentType: 'image/jpeg', size: 26 * MB },
              { contentType: 'application/pdf', size: 26 * MB },
            ],
          },
        ],
      }),
    );
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['letters[0].pages[0].contentType', 'scan_type_not_allowed'],
      ['letters[0].pages[1].size', 'scan_too_large'],
    ]);
    expect(problems[1]?.message.en).toContain('25 MB');
    let full = batch();
    const fifty = {
      letters: Array.from({ length: LETTERS_PER_REQUEST }, () => ({
        pages: [{ contentType: 'image/png' as const, size: 1 }],
      })),
    };
    while (full.letterCount < BATCH_MAX_LETTERS) full = addLetters(full, fifty).batch;
    expect(() => addLetters(full, { letters: [{ pages: [{ contentType: 'image/png', size: 1 }] }] })).toThrow(
      ValidationError,
    );
  });

  it('submits only when every page is stored at its declared size, naming each one that is not', () => {
    const { batch: filled, added } = addLetters(batch(), {
      letters: [
        {
          pages: [
            { contentType: 'image/jpeg', size: 100 },
            { contentType: 'image/jpeg', size: 200 },
          ],
        },
        { pages: [{ contentType: 'image/png', size: 300 }] },
      ],
    });
    const [a1, a2] = added[0]?.pages ?? [];
    const b1 = added[1]?.pages[0];
    const stored = new Map<string, number | null>([
      [a1?.key as string, 100],
      [a2?.key as string, 150],
      [b1?.key as string, null],
    ]);
    const letters = added;
    const problems = problemsOf(() => submitBatch(filled, letters, stored, () => 'T', now));
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['letters[0].pages[1]', 'scan_size_mismatch'],
      ['letters[1].pages[0]', 'scan_not_uploaded'],
    ]);

    stored.set(a2?.key as string, 200);
    stored.set(b1?.key as string, 300);
    const submitted = submitBatch(filled, letters, stored, (letter) => `ticket-${letter.letterNo}`, now);
    expect(submitted.batch.status).toBe('SUBMITTED');
    expect(submitted.letters.map((l) => l.ticketId)).toEqual(['ticket-1', 'ticket-2']);
    expect(() => submitBatch(submitted.batch, submitted.letters, stored, () => 'T', now)).toThrow(
      IllegalTransitionError,
    );
    expect(() =>
      addLetters(submitted.batch, { letters: [{ pages: [{ contentType: 'image/png', size: 1 }] }] }),
    ).toThrow(IllegalTransitionError);
  });

  it('refuses to submit an empty batch', () => {
    expect(problemsOf(() => submitBatch(batch(), [], new Map(), () => 'T', now))[0]?.code).toBe(
      'batch_empty',
    );
  });
});
