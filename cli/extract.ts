import { z } from 'zod';
import { extractContacts } from '../shared/persian/extract.ts';
import { mapJsonl, runCli } from './jsonl.ts';

const USAGE = `usage: npm run --silent extract -- <file.jsonl | ->
Reads lines {"id","text"} and writes {"id","mobile","nationalId","postalCode"}: ASCII digits,
or null where no valid value was found. Bad lines are reported on stderr (exit code 1).`;

const LineSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string() });

runCli(USAGE, async ([path]) => {
  if (!path) throw new Error(USAGE);
  await mapJsonl(path, LineSchema, '{"id","text"}', (line) => ({
    id: line.id,
    ...extractContacts(line.text),
  }));
});
