import { z } from 'zod';
import { extractContacts } from '../shared/persian/extract.ts';
import { readJsonl, runCli, writeJsonl } from './jsonl.ts';

const USAGE = `usage: npm run --silent extract -- <file.jsonl | ->
Reads lines {"id","text"} and writes {"id","mobile","nationalId","postalCode"}: ASCII digits,
or null where no valid value was found. Bad lines are reported on stderr (exit code 1).`;

const LineSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string() });

runCli(USAGE, async ([path]) => {
  if (!path) throw new Error(USAGE);
  for await (const { line, value } of readJsonl(path)) {
    const parsed = LineSchema.safeParse(value);
    if (!parsed.success) {
      process.stderr.write(`line ${line}: expected {"id","text"}, skipped\n`);
      process.exitCode = 1;
      continue;
    }
    writeJsonl({ id: parsed.data.id, ...extractContacts(parsed.data.text) });
  }
});
