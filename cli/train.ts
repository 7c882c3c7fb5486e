import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildCueIndex } from '../shared/classifier/cues.ts';
import { toArtifact } from '../shared/classifier/model-artifact.ts';
import { trainModels } from '../shared/classifier/training.ts';
import { countTerms } from '../shared/dedupe/term-statistics.ts';
import { loadSeedReferenceData } from '../shared/reference/seed.ts';
import { CORPUS_FILE, MODEL_FILE, readHandwritten, readLabelled } from './corpus.ts';

/**
 * `npm run train [-- --include reviewed.jsonl ...] [--out file]`: trains the category and urgency
 * models on the training splits of the generated and the hand-written corpus (never their
 * held-out splits) plus any reviewer labels. The model family, confidence temperature and urgency
 * threshold are chosen on predictions for each writing style held out in turn
 * (shared/classifier/training.ts); the versioned artifact and dedupe's term statistics are written.
 */
const USAGE = 'usage: npm run train [-- --include reviewed.jsonl ...] [--out model.json]';
let options: { include?: string[]; out?: string };
try {
  ({ values: options } = parseArgs({
    options: { include: { type: 'string', multiple: true }, out: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  // Refused before any work: an unknown or malformed argument never trains or writes anything.
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
const includes = options.include ?? [];
const out = options.out ?? MODEL_FILE;
const missing = includes.filter((file) => !existsSync(file));
if (missing.length) {
  console.error(`no such file: ${missing.join(', ')}\n${USAGE}`);
  process.exit(2);
}

const reference = loadSeedReferenceData();
const classes = reference.categories.map((c) => c.code);
const cues = buildCueIndex(reference.categories);
const corpus = [...readLabelled(CORPUS_FILE), ...readHandwritten()].filter((r) => r.split === 'train');
const reviewed = includes.flatMap((file) => readLabelled(file));
const all = [...corpus, ...reviewed].filter((r) => classes.includes(r.category));

const models = trainModels(all, { classes, cues });
for (const [name, f1] of Object.entries(models.validation))
  console.error(`macro-F1 on held-out styles, ${name}: ${f1.toFixed(3)}`);
console.error(
  `chosen: ${models.family}, temperature ${models.category.temperature}, urgency threshold ${models.urgencyThreshold}`,
);

const corpusHash = createHash('sha256')
  .update(JSON.stringify(corpus.map((r) => [r.id, r.text, r.category, r.urgent])))
  .update(JSON.stringify(reviewed))
  .digest('hex');
const artifact = toArtifact(models, {
  version: `${new Date().toISOString().slice(0, 10)}-${corpusHash.slice(0, 8)}`,
  trainingExamples: all.length,
});
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(artifact)}\n`);
// Dedupe weighs shared terms by how rare they are in the same training texts.
writeFileSync(
  join(dirname(out), 'dedupe-terms.json'),
  `${JSON.stringify(countTerms(all.map((r) => r.text)))}\n`,
);
console.log(
  JSON.stringify({
    model: out,
    version: artifact.version,
    trainingExamples: all.length,
    reviewed: reviewed.length,
    chosen: models.family,
  }),
);
