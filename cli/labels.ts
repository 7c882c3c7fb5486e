import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';
import { localCloudDataDir } from '../local/running.ts';
import { correctionReport } from '../shared/classifier/corrections.ts';
import { createDocumentClient } from '../shared/store/dynamodb/client.ts';
import { DynamoDbLabelStore } from '../shared/store/dynamodb/dynamodb-label-store.ts';
import type { LabelledExample } from '../shared/store/label-store.ts';
import { runCli } from './jsonl.ts';

const USAGE = `usage: npm run --silent labels -- export [--since YYYY-MM-DD] [--out file.jsonl]
       npm run --silent labels -- report [--since YYYY-MM-DD] [--json]
export: reviewers' classifications (identifiers masked) as training lines
{"id","text","category","urgent"} for \`npm run train -- --include file.jsonl\`.
report: which categories reviewers correct most (reviewed, corrected, where to), so the next
corpus work goes there.
Reads the running local cloud's table (.data, or PASOKH_DATA_DIR); against AWS, set TABLE_NAME
and the usual AWS credentials and region.`;

async function examples(args: readonly string[]): Promise<LabelledExample[]> {
  const since = args.includes('--since')
    ? new Date(String(args[args.indexOf('--since') + 1]))
    : new Date('2020-01-01');
  const localFile = join(localCloudDataDir(join(REPO_ROOT, '.data')), 'local-cloud.json');
  let tableName = process.env.TABLE_NAME;
  if (!tableName && existsSync(localFile)) {
    const local = JSON.parse(readFileSync(localFile, 'utf8')) as {
      clientEnvironment: Record<string, string>;
      resources: Record<string, string>;
    };
    Object.assign(process.env, local.clientEnvironment);
    tableName = local.resources.TABLE_NAME;
  }
  if (!tableName) throw new Error('no table: set TABLE_NAME, or start the local cloud');
  const store = new DynamoDbLabelStore({ client: createDocumentClient({}), tableName });
  return store.list(since, new Date(Date.now() + 60_000));
}

runCli(USAGE, async (args) => {
  if (args[0] === 'report') {
    const rows = correctionReport(await examples(args));
    if (args.includes('--json')) process.stdout.write(`${JSON.stringify(rows)}\n`);
    else {
      const lines = ['category          reviewed  corrected   rate  moved to'];
      for (const r of rows)
        lines.push(
          `${r.category.padEnd(17)} ${String(r.reviewed).padStart(8)} ${String(r.corrected).padStart(10)} ${`${(r.rate * 100).toFixed(0)}%`.padStart(6)}  ${r.movedTo.map((m) => `${m.category} ${m.count}`).join(', ')}`,
        );
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    process.exit(0);
  }
  if (args[0] !== 'export') throw new Error(USAGE);
  const out = args.includes('--out') ? String(args[args.indexOf('--out') + 1]) : undefined;
  const found = await examples(args);
  const lines = found.map((e) =>
    JSON.stringify({
      id: `label-${e.ticketId}-${e.at}`,
      text: e.text,
      category: e.category,
      urgent: e.urgent,
    }),
  );
  const text = lines.length ? `${lines.join('\n')}\n` : '';
  if (out) writeFileSync(out, text);
  else process.stdout.write(text);
  process.stderr.write(`${found.length} labelled examples\n`);
  process.exit(0);
});
