import { describe, expect, it } from 'vitest';
import { IllegalTransitionError, ValidationError } from '../../../shared/domain/errors.ts';
import {
  AddLettersSchema,
  addLetters,
  BATCH_MAX_LETTERS,
  type BatchLetter,
  batchProgress,
  cancelBatch,
  createBatchSchema,
  LETTERS_PER_REQUEST,
  type LetterBatch,
  letterTicket,
  markRegistered,
  openBatch,
  redeclarePages,
  removeLetter,
  type StoredScan,
  submitBatch,
} from '../../../shared/domain/letter-batch.ts';
import { ReferenceCatalog } from '../../../shared/domain/reference.ts';
import { parseInput } from '../../../shared/domain/validation.ts';
import { loadSeedReferenceData } from '../../../shared/reference/seed.ts';

const now = new Date('2026-11-29T08:00:00Z');
const MB = 1024 * 1024;

function batch(): LetterBatch {
  const input = parseInput(createBatchSchema(new ReferenceCatalog(loadSeedReferenceData())), {
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
      parseInput(createBatchSchema(new ReferenceCatalog(loadSeedReferenceData())), {
        intakePoint: { kind: 'VISIT_SITE', id: 'site-2' },
        county: 'DEHLORAN',
        collectedOn: '2026-11-28',
      }),
    );
    expect(problems).toEqual([
      expect.objectContaining({ path: 'intakePoint.visitId', code: 'visit_required' }),
    ]);
    expect(() =>
      parseInput(createBatchSchema(new ReferenceCatalog(loadSeedReferenceData())), {
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
    const stored = new Map<string, StoredScan | null>([
      [a1?.key as string, { size: 100, format: 'jpeg' }],
      [a2?.key as string, { size: 150, format: 'jpeg' }],
      [b1?.key as string, null],
    ]);
    const letters = added;
    const problems = problemsOf(() => submitBatch(filled, letters, stored, 'operator-2', now));
    expect(problems.map((p) => [p.path, p.code])).toEqual([
      ['letters/1/pages/2', 'scan_size_mismatch'],
      ['letters/2/pages/1', 'scan_not_uploaded'],
    ]);

    stored.set(a2?.key as string, { size: 200, format: 'jpeg' });
    stored.set(b1?.key as string, { size: 300, format: 'pdf' });
    expect(problemsOf(() => submitBatch(filled, letters, stored, 'operator-2', now))).toEqual([
      expect.objectContaining({
        path: 'letters/2/pages/1',
        letterNo: 2,
        page: 1,
        code: 'scan_content_mismatch',
        message: expect.objectContaining({ en: 'The uploaded file is not image/png, or it is damaged.' }),
      }),
    ]);
    stored.set(b1?.key as string, { size: 300, format: 'png' });
    const submitted = submitBatch(filled, letters, stored, 'operator-2', now);
    expect(submitted).toMatchObject({
      status: 'SUBMITTED',
      submittedBy: 'operator-2',
      version: filled.version + 1,
    });
    expect(() => submitBatch(submitted, letters, stored, 'operator-2', now)).toThrow(IllegalTransitionError);
    expect(() =>
      addLetters(submitted, { letters: [{ pages: [{ contentType: 'image/png', size: 1 }] }] }),
    ).toThrow(IllegalTransitionError);
  });

  it('opens one paper ticket per letter, on the channel of its intake point, with its scans', () => {
    const { batch: filled, added } = addLetters(batch(), {
      letters: [{ pages: [{ contentType: 'image/tiff', size: 10 }] }],
    });
    const letter = added[0] as BatchLetter;
    expect(() => letterTicket(filled, letter)).toThrow();
    const stored = new Map([[letter.pages[0]?.key as string, { size: 10, format: 'tiff' as const }]]);
    const submitted = submitBatch(filled, added, stored, 'op-9', now);
    expect(letterTicket(submitted, letter)).toMatchObject({
      channel: 'VISIT_SITE',
      county: 'DEHLORAN',
      citizen: null,
      paper: true,
      intakePoint: { visitId: 'visit-1405', registeredBy: 'operator-1' },
      attachments: [{ key: letter.pages[0]?.key, contentType: 'image/tiff', page: 1, language: 'fa' }],
      actor: { type: 'staff', id: 'op-9' },
    });
  });

  it('is registered only when every letter has its ticket, and reports progress by ticket status', () => {
    const { batch: filled, added } = addLetters(batch(), {
      letters: [
        { pages: [{ contentType: 'image/png', size: 1 }] },
        { pages: [{ contentType: 'image/png', size: 1 }] },
        { pages: [{ contentType: 'image/png', size: 1 }] },
      ],
    });
    const stored = new Map(
      added.flatMap((l) => l.pages.map((p) => [p.key, { size: 1, format: 'png' as const }] as const)),
    );
    const submitted = submitBatch(filled, added, stored, 'op', now);
    const partly = added.map((l, i) => ({ ...l, ticketId: i < 2 ? `T${i}` : null }));
    expect(() => markRegistered(submitted, partly)).toThrow();
    const progress = batchProgress(
      partly,
      new Map([
        ['T0', 'DIGITIZING'],
        ['T1', 'REFERRED'],
      ]),
    );
    expect(progress).toEqual({ letters: 3, byStatus: { DIGITIZING: 1, REFERRED: 1 }, awaitingTicket: 1 });
    const all = added.map((l, i) => ({ ...l, ticketId: `T${i}` }));
    expect(markRegistered(submitted, all)).toMatchObject({
      status: 'REGISTERED',
      version: submitted.version + 1,
    });
    expect(markRegistered(filled, all)).toBe(filled);
  });

  it('refuses to submit an empty batch', () => {
    expect(problemsOf(() => submitBatch(batch(), [], new Map(), 'op', now))[0]?.code).toBe('batch_empty');
  });
});

describe('correcting a batch before submission', () => {
  const withLetters = () => {
    const { batch: next, added } = addLetters(batch(), {
      letters: [
        { pages: [{ contentType: 'image/png', size: 100 }] },
        { pages: [{ contentType: 'image/png', size: 200 }] },
        { pages: [{ contentType: 'image/png', size: 300 }] },
      ],
    });
    return { batch: { ...next, version: 2 }, letters: added };
  };
  const uploaded = (letters: readonly BatchLetter[]) =>
    new Map<string, StoredScan>(
      letters.flatMap((l) =>
        l.pages.map((p) => [
          p.key,
          { size: p.size ?? 0, format: p.contentType === 'application/pdf' ? 'pdf' : 'png' },
        ]),
      ),
    );

  it('takes a letter out: it keeps its number, is not checked at submission and opens no ticket', () => {
    const { batch: open, letters } = withLetters();
    const removed = removeLetter(open, letters[1] as BatchLetter, 'operator-2', now);
    expect(removed.letter.removed).toEqual({ by: 'operator-2', at: now.toISOString() });
    expect(removed.batch.version).toBe(open.version + 1);
    // Taking it out again changes nothing.
    expect(removeLetter(removed.batch, removed.letter, 'operator-2', now).batch).toBe(removed.batch);
    const kept = [letters[0], removed.letter, letters[2]] as BatchLetter[];
    // Letter 2 was never uploaded: its absence no longer blocks submission.
    const stored = uploaded([letters[0], letters[2]] as BatchLetter[]);
    const submitted = submitBatch(removed.batch, kept, stored, 'operator-2', now);
    expect(submitted.status).toBe('SUBMITTED');
    const registered = markRegistered(
      submitted,
      kept.map((l) => (l.removed ? l : { ...l, ticketId: `T${l.letterNo}` })),
    );
    expect(registered.status).toBe('REGISTERED');
    expect(batchProgress(kept, new Map()).letters).toBe(2);
  });

  it('re-declares a page as another type and size, under its letter number, and checks the new one', () => {
    const { batch: open, letters } = withLetters();
    const changed = redeclarePages(open, letters[0] as BatchLetter, {
      pages: [{ contentType: 'application/pdf', size: 5000 }],
    });
    expect(changed.letter.letterNo).toBe(1);
    expect(changed.letter.pages[0]?.key).toMatch(/letter-001\/page-01\.pdf$/);
    const all = [changed.letter, letters[1], letters[2]] as BatchLetter[];
    // The old PNG is still in storage; the declared PDF is not yet: the submission names letter 1.
    const problems = problemsOf(() => submitBatch(changed.batch, all, uploaded(letters), 'operator-1', now));
    expect(problems.map((p) => [p.letterNo, p.code])).toEqual([[1, 'scan_not_uploaded']]);
    expect(submitBatch(changed.batch, all, uploaded(all), 'operator-1', now).status).toBe('SUBMITTED');
  });

  it('cancels an open batch with a reason, and nothing changes it after', () => {
    const { batch: open, letters } = withLetters();
    const cancelled = cancelBatch(open, { reason: 'scanned into the wrong county' }, 'operator-1', now);
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancelled: { by: 'operator-1' } });
    expect(() => removeLetter(cancelled, letters[0] as BatchLetter, 'operator-1', now)).toThrow(
      IllegalTransitionError,
    );
    expect(() => submitBatch(cancelled, letters, uploaded(letters), 'operator-1', now)).toThrow(
      IllegalTransitionError,
    );
    expect(() => cancelBatch(cancelled, { reason: 'again' }, 'operator-1', now)).toThrow(
      IllegalTransitionError,
    );
  });
});
