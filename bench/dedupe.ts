import { performance } from 'node:perf_hooks';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CORPUS_FILE, readHandwritten, readLabelled } from '../cli/corpus.ts';
import { startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { bundledFingerprinter } from '../shared/dedupe/bundled-fingerprinter.ts';
import { InMemoryClusterer } from '../shared/dedupe/clusterer.ts';
import { findSameIssue } from '../shared/dedupe/find-same-issue.ts';
import { createDocumentClient } from '../shared/store/dynamodb/client.ts';
import { createTable } from '../shared/store/dynamodb/create-table.ts';
import { DynamoDbDedupeIndex } from '../shared/store/dynamodb/dynamodb-dedupe-index.ts';

/**
 * Dedupe's cost per letter: fingerprinting and in-memory clustering speed over both corpora, and
 * the store calls, index writes and items read by one more letter about an issue that 1, 100 and
 * 1,000 letters already describe (a mass petition), on DynamoDB Local through the real index.
 * Targets (SPEC §7, issue 9): at most 3 store calls and 3 index writes per letter, constant.
 */
const WAYS = [
  'ترانس روستای قلندر علیا سوخته و برق نداریم',
  'سلام ترانس قلندر علیا سوخته یه هفته‌س برق نداریم تو تاریکی موندیم',
  'تماس‌گیرنده از روستای قلندرعلیا گفت ترانسفورماتور روستا سوخته و برق قطع است',
  'ریاست محترم اداره برق\nترانسفورماتور روستای قلندر علیا در صاعقه سوخته و روستا خاموش است',
];

export async function benchDedupe() {
  const { fingerprinter, stats } = bundledFingerprinter();
  const rows = [...readLabelled(CORPUS_FILE), ...readHandwritten()];
  const clusterer = new InMemoryClusterer(stats);
  const started = performance.now();
  let keys = 0;
  for (const [i, row] of rows.entries()) {
    const candidate = fingerprinter.candidate({
      text: row.text,
      county: row.county ?? null,
      receivedAt: new Date(Date.UTC(2026, 10, 1 + Math.floor(i / 400))).toISOString(),
    });
    keys += candidate.fingerprint.lookupKeys.length;
    clusterer.add(row.id, candidate);
  }
  const seconds = (performance.now() - started) / 1000;

  const dynamo = await startDynamoDbLocal();
  try {
    const config = {
      endpoint: dynamo.endpoint,
      region: 'local',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    };
    const doc = createDocumentClient(config);
    const calls: Array<{ command: string; items: number; written: number; bytes: number }> = [];
    doc.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const output = result.output as { Items?: unknown[] };
        const input = args.input as { RequestItems?: Record<string, unknown[]> };
        calls.push({
          command: String(context.commandName),
          items: output.Items?.length ?? 0,
          written: Object.values(input.RequestItems ?? {})[0]?.length ?? 0,
          bytes: output.Items ? JSON.stringify(output.Items).length : 0,
        });
        return result;
      },
      { step: 'initialize', name: 'bench-count-calls' },
    );
    const perIssueSize: Record<string, object> = {};
    for (const size of [1, 100, 1000]) {
      const tableName = `bench-dedupe-${size}`;
      await createTable(new DynamoDBClient(config), tableName);
      const index = new DynamoDbDedupeIndex({ client: doc, tableName });
      const one = async (n: number) => {
        const receivedAt = new Date(Date.UTC(2026, 10, 1, 8, 0, 0, n)).toISOString();
        const candidate = fingerprinter.candidate({
          text: WAYS[n % WAYS.length] as string,
          county: 'SIRVAN',
          receivedAt,
          citizenKey: `c${n}`,
        });
        const match = await findSameIssue(index, candidate, { stats });
        await index.add({
          ...candidate,
          ticketId: `t${n}`,
          clusterId: match?.clusterId ?? `t${n}`,
          referral: null,
        });
        return match;
      };
      for (let n = 0; n < size; n++) await one(n);
      calls.splice(0);
      const joined = await one(size);
      const queries = calls.filter((c) => c.command === 'QueryCommand');
      const writes = calls.filter((c) => c.command === 'BatchWriteItemCommand');
      perIssueSize[`after${size}`] = {
        storeCalls: calls.length,
        queries: queries.length,
        indexWrites: writes.reduce((s, c) => s + c.written, 0),
        itemsRead: queries.reduce((s, c) => s + c.items, 0),
        bytesRead: queries.reduce((s, c) => s + c.bytes, 0),
        joinedTheIssue: joined?.clusterId === 't0',
      };
    }
    return {
      name: 'dedupe',
      letters: rows.length,
      lettersPerSecond: Math.round(rows.length / seconds),
      lookupKeysPerLetter: Math.round((keys / rows.length) * 100) / 100,
      targets: { storeCallsPerLetter: 3, indexWritesPerLetter: 3 },
      oneMoreLetterAboutAnIssue: perIssueSize,
    };
  } finally {
    await dynamo.stop();
  }
}
