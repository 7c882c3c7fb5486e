import { z } from 'zod';
import { bundledClassifier } from '../shared/classifier/bundled-model.ts';
import { bundledTermStatistics } from '../shared/dedupe/bundled-terms.ts';
import { InMemoryClusterer } from '../shared/dedupe/clusterer.ts';
import { DedupeFingerprinter } from '../shared/dedupe/dedupe-service.ts';
import { ReferenceCatalog } from '../shared/domain/reference.ts';
import { loadSeedReferenceData } from '../shared/reference/seed.ts';
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
  const reference = loadSeedReferenceData();
  const stats = bundledTermStatistics();
  const fingerprinter = new DedupeFingerprinter(
    new ReferenceCatalog(reference),
    bundledClassifier(reference.categories),
    stats,
  );
  const clusterer = new InMemoryClusterer(stats);
  await mapJsonl(path as string, LineSchema, '{"id","text","county"?}', (line) => ({
    id: line.id,
    clusterId: clusterer.add(
      String(line.id),
      fingerprinter.candidate({ text: line.text, county: line.county ?? null }),
    ),
  }));
});
