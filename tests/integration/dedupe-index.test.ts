import { beforeAll, describe, expect, it } from 'vitest';
import { bundledFingerprinter } from '../../shared/dedupe/bundled-fingerprinter.ts';
import { CANDIDATES_PER_KEY } from '../../shared/dedupe/clusterer.ts';
import { findSameIssue } from '../../shared/dedupe/find-same-issue.ts';
import { DynamoDbDedupeIndex } from '../../shared/store/dynamodb/dynamodb-dedupe-index.ts';
import { countCalls, type RecordedCall } from '../support/call-counter.ts';
import { freshTable } from '../support/dynamodb.ts';

const { fingerprinter, stats } = bundledFingerprinter();

// A mass petition: one village's transformer, in many hands.
const WAYS = [
  'ترانس روستای قلندر علیا سوخته و برق نداریم',
  'سلام ترانس قلندر علیا سوخته یه هفته‌س برق نداریم',
  'تماس‌گیرنده از روستای قلندرعلیا گفت ترانسفورماتور روستا سوخته و برق قطع است',
  'ریاست محترم اداره برق، ترانسفورماتور روستای قلندر علیا در صاعقه سوخته است',
];

let index: DynamoDbDedupeIndex;
let counter: ReturnType<typeof countCalls>;

beforeAll(async () => {
  const { doc, tableName } = await freshTable();
  index = new DynamoDbDedupeIndex({ client: doc, tableName });
  counter = countCalls(doc);
});

/** One letter through the dedupe path: look up candidates, confirm, index it. */
async function dedupeOne(n: number, calls: RecordedCall[]) {
  const receivedAt = new Date(Date.UTC(2026, 10, 1, 8, 0, n)).toISOString();
  const candidate = fingerprinter.candidate({
    text: WAYS[n % WAYS.length] as string,
    county: 'SIRVAN',
    receivedAt,
    citizenKey: `citizen-${n}`,
  });
  counter.reset();
  const match = await findSameIssue(index, candidate, { stats });
  await index.add({
    ...candidate,
    ticketId: `t${n}`,
    clusterId: match?.clusterId ?? `t${n}`,
    referral: null,
  });
  calls.push(...counter.calls);
  return { match, calls: [...counter.calls] };
}

describe('the dedupe index', () => {
  it('costs at most 3 queries and 3 index writes per letter, reading a bounded number of items however many letters name the issue', async () => {
    const perLetter: Array<{ queries: number; writes: number; itemsWritten: number; itemsRead: number }> = [];
    const all: RecordedCall[] = [];
    for (let n = 0; n < 60; n++) {
      const { calls } = await dedupeOne(n, all);
      const queries = calls.filter((c) => c.command === 'QueryCommand');
      const writes = calls.filter((c) => c.command === 'BatchWriteItemCommand');
      perLetter.push({
        queries: queries.length,
        writes: writes.length,
        itemsWritten: writes.reduce(
          (s, c) => s + (Object.values(c.input.RequestItems as Record<string, unknown[]>)[0]?.length ?? 0),
          0,
        ),
        itemsRead: queries.reduce((s, c) => s + ((c.output.Items as unknown[] | undefined)?.length ?? 0), 0),
      });
    }
    for (const letter of perLetter) {
      expect(letter.writes).toBe(1);
      expect(letter.queries).toBeLessThanOrEqual(3);
      expect(letter.writes).toBeLessThanOrEqual(1);
      expect(letter.itemsWritten).toBeLessThanOrEqual(3);
      expect(letter.itemsRead).toBeLessThanOrEqual(3 * CANDIDATES_PER_KEY);
    }
    // Nothing but queries and batch writes, and never a Scan.
    expect(new Set(all.map((c) => c.command))).toEqual(new Set(['QueryCommand', 'BatchWriteItemCommand']));
    // The 60th letter costs what the 20th did: the reads stop growing once the key is full.
    expect(perLetter[59]).toEqual(perLetter[19]);
  }, 60_000);

  it('finds the earlier letters of the issue: every letter after the first joins the first one’s cluster', async () => {
    const { doc, tableName } = await freshTable();
    index = new DynamoDbDedupeIndex({ client: doc, tableName });
    counter = countCalls(doc);
    const clusters: string[] = [];
    for (let n = 100; n < 112; n++) {
      const { match } = await dedupeOne(n, []);
      clusters.push(match?.clusterId ?? `t${n}`);
    }
    expect(new Set(clusters)).toEqual(new Set(['t100']));
  }, 60_000);
});
