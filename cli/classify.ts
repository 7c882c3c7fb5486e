import { z } from 'zod';
import { loadClassifier } from '../shared/classifier/load.ts';
import { ReferenceCatalog } from '../shared/domain/reference.ts';
import { loadSeedReferenceData } from '../shared/reference/seed.ts';
import { MODEL_FILE } from './corpus.ts';
import { mapJsonl, runCli } from './jsonl.ts';

const USAGE = `usage: npm run --silent classify -- <file.jsonl | -> [--model data/model/classifier.json]
Reads lines {"id","text"} and writes {"id","category","confidence","agencyId","urgent"} with the
same classifier and reference data the workflow uses. Bad lines are reported on stderr (exit 1).`;

const LineSchema = z.object({ id: z.union([z.string(), z.number()]), text: z.string() });

runCli(USAGE, async (args) => {
  const path = args[0] as string;
  const model = args.includes('--model') ? (args[args.indexOf('--model') + 1] as string) : MODEL_FILE;
  const reference = loadSeedReferenceData();
  const catalog = new ReferenceCatalog(reference);
  const classifier = loadClassifier(model, reference.categories);
  await mapJsonl(path, LineSchema, '{"id","text"}', (line) => {
    const result = classifier.classify(line.text);
    return {
      id: line.id,
      category: result.category,
      confidence: result.confidence,
      agencyId: catalog.defaultAgencyFor(result.category)?.id ?? null,
      urgent: result.urgent,
    };
  });
});
