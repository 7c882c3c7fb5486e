import { z } from 'zod';
import { bundledFingerprinter } from '../shared/dedupe/bundled-fingerprinter.ts';
import { InMemoryClusterer } from '../shared/dedupe/clusterer.ts';
import { mapJsonl, runCli } from './jsonl.ts';

const USAGE = `usage: npm run --silent dedupe -- <file.jsonl | ->
Reads lines {"id","text","county"?} in arrival order and writes {"id","clusterId"}: requests about
the same concrete issue share a clusterId (the id of the first of them). Uses the classifier,
gazetteer and term statistics the workflow uses. Bad lines are reported on stderr (exit 1).`;

const LineSchema = z.object({
  id: z.union([z.string(), z.number()]),
  text: z.string(),
  county: z.string().optional(),
});

runCli(USAGE, async ([path]) => {
  const { fingerprinter, stats } = bundledFingerprinter();
  const clusterer = new InMemoryClusterer(stats);
  await mapJsonl(path as string, LineSchema, '{"id","text","county"?}', (line) => ({
    id: line.id,
    clusterId: clusterer.add(
      String(line.id),
      fingerprinter.candidate({ text: line.text, county: line.county ?? null }),
    ),
  }));
});
