import { describe, expect, it } from 'vitest';
import { isValidTrackingCode } from '../../shared/domain/tracking-code.ts';
import { sequencedTrackingCodes } from '../../shared/services/tracking-codes.ts';
import { DynamoDbSequenceStore } from '../../shared/store/dynamodb/dynamodb-sequence-store.ts';
import { freshTable } from '../support/dynamodb.ts';
import { tableTrackingCodes } from '../support/fixtures.ts';

describe('tracking codes from the table sequence', () => {
  it('never reserves a number twice, however many functions ask at once', async () => {
    const { doc, tableName } = await freshTable();
    const store = new DynamoDbSequenceStore({ client: doc, tableName });
    const blocks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.reserve('TEST', 1 + (i % 3))),
    );
    const numbers = blocks.flatMap((b) => Array.from({ length: b.count }, (_, k) => b.first + k));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(Math.min(...numbers)).toBe(0);
    expect(Math.max(...numbers)).toBe(numbers.length - 1);
    await expect(store.reserve('TEST', 0)).rejects.toThrow(RangeError);
  });

  it('gives distinct valid codes to concurrent registrations across execution environments', async () => {
    const { doc, tableName } = await freshTable();
    // Three environments, each with its own block; asking in parallel within each.
    const sources = Array.from({ length: 3 }, () => tableTrackingCodes(doc, tableName));
    const codes = (
      await Promise.all(sources.map((s) => Promise.all(Array.from({ length: 120 }, () => s.next()))))
    ).flat();
    expect(codes.every(isValidTrackingCode)).toBe(true);
    expect(new Set(codes).size).toBe(360);
  });

  it('asks the store once per block, not once per code', async () => {
    let reservations = 0;
    const source = sequencedTrackingCodes({
      sequences: {
        reserve: async (_name, count) => ({ first: 100 * reservations++, count }),
      },
      cipher: (n) => String(n),
      block: 10,
    });
    const drawn = await Promise.all(Array.from({ length: 25 }, () => source.next()));
    expect(reservations).toBe(3);
    expect(new Set(drawn).size).toBe(25);
  });
});
