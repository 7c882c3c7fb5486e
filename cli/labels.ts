import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';
import { createDocumentClient } from '../shared/store/dynamodb/client.ts';
import { DynamoDbLabelStore } from '../shared/store/dynamodb/dynamodb-label-store.ts';
import { runCli } from './jsonl.ts';

const USAGE = `usage: npm run --silent labels -- export [--since YYYY-MM-DD] [--out file.jsonl]
Exports reviewers' classifications (identifiers masked) as training lines
{"id","text","category","urgent"} for \`npm run train -- --include file.jsonl\`.
Reads the running local cloud's table (.data, or PASOKH_DATA_DIR); against AWS, set TABLE_NAME
and the usual AWS credentials and region.`;

runCli(USAGE, async (args) => {
  if (args[0] !== 'export') throw new Error(USAGE);
  const since = args.includes('--since')
    ? new Date(String(args[args.indexOf('--since') + 1]))
    : new Date('2020-01-01');
  const out = args.includes('--out') ? String(args[args.indexOf('--out') + 1]) : undefined;
  const localFile = join(process.env.PASOKH_DATA_DIR ?? join(REPO_ROOT, '.data'), 'local-cloud.json');
  let tableName = process.env.TABLE_NAME;
  if (!tableName && existsSync(localFile)) {
    const local = JSON.parse(readFileSync(localFile, 'utf8')) as { environment: Record<string, string> };
    Object.assign(process.env, local.environment);
    tableName = local.environment.TABLE_NAME;
  }
  if (!tableName) throw new Error('no table: set TABLE_NAME, or start the local cloud');
  const store = new DynamoDbLabelStore({ client: createDocumentClient({}), tableName });
  const examples = await store.list(since, new Date(Date.now() + 60_000));
  const lines = examples.map((e) =>
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
  process.stderr.write(`${examples.length} labelled examples\n`);
  process.exit(0);
});
