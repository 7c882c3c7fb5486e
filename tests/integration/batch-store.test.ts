import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../shared/domain/errors.ts';
import {
  addLetters,
  createBatchSchema,
  type LetterBatch,
  openBatch,
} from '../../shared/domain/letter-batch.ts';
import { ReferenceCatalog } from '../../shared/domain/reference.ts';
import { parseInput } from '../../shared/domain/validation.ts';
import { loadSeedReferenceData } from '../../shared/reference/seed.ts';
import { DynamoDbBatchStore } from '../../shared/store/dynamodb/dynamodb-batch-store.ts';
import { freshTable } from '../support/dynamodb.ts';

let store: DynamoDbBatchStore;
const now = new Date('2026-11-29T08:00:00Z');

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  store = new DynamoDbBatchStore({ client: doc, tableName });
});

function newBatch(batchId: string): LetterBatch {
  const input = parseInput(createBatchSchema(new ReferenceCatalog(loadSeedReferenceData())), {
    intakePoint: { kind: 'COUNTY_OFFICE', id: 'office-EYVAN' },
    county: 'EYVAN',
    collectedOn: '2026-11-28',
  });
  return openBatch(batchId, input, 'operator-1', now);
}

const pages = (n: number) => ({
  pages: Array.from({ length: n }, () => ({ contentType: 'image/jpeg' as const, size: 5000 })),
});

describe('letter batch store', () => {
  it('keeps a batch and its letters in pile order, beyond one page of a query', async () => {
    const created = newBatch('01JBATCHSTORE0000000000001');
    await store.createBatch(created);
    await expect(store.createBatch(created)).rejects.toThrow();

    let batch = created;
    // A full batch (500 letters of 30 pages) is about 1.5 MB: listing them takes more than one query page.
    for (let round = 0; round < 10; round++) {
      const { batch: next, added } = addLetters(batch, {
        letters: Array.from({ length: 50 }, () => pages(30)),
      });
      const after = { ...next, version: batch.version + 1 };
      await store.saveAddedLetters(after, added);
      batch = after;
    }
    expect(await store.getBatch(created.batchId)).toEqual(batch);
    const letters = await store.listLetters(created.batchId);
    expect(letters.map((l) => l.letterNo)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(letters[499]?.pages).toHaveLength(30);
    expect(await store.getLetter(created.batchId, 500)).toEqual(letters[499]);
    expect(await store.getLetter(created.batchId, 501)).toBeNull();
    expect(await store.getBatch('01JNOSUCHBATCH000000000000')).toBeNull();
  });

  it('lets only one of two operators adding to the same batch version win, and keeps none of the loser', async () => {
    const created = newBatch('01JBATCHSTORE0000000000002');
    await store.createBatch(created);
    const a = addLetters(created, { letters: [pages(1)] });
    const b = addLetters(created, { letters: [pages(2), pages(1)] });
    await store.saveAddedLetters({ ...a.batch, version: 2 }, a.added);
    await expect(store.saveAddedLetters({ ...b.batch, version: 2 }, b.added)).rejects.toThrow(ConflictError);
    expect((await store.getBatch(created.batchId))?.letterCount).toBe(1);
    expect((await store.listLetters(created.batchId)).map((l) => l.pages.length)).toEqual([1]);
  });
});
