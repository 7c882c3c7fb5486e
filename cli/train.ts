import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildCueIndex, cueFeatures } from '../shared/classifier/cues.ts';
import { macroF1 } from '../shared/classifier/evaluation.ts';
import { featurize } from '../shared/classifier/features.ts';
import {
  fitTemperature,
  type LinearModel,
  predict,
  train,
  trainNaiveBayes,
} from '../shared/classifier/linear-model.ts';
import { type ModelArtifact, quantize } from '../shared/classifier/model-artifact.ts';
import { countTerms } from '../shared/dedupe/term-statistics.ts';
import { loadSeedReferenceData } from '../shared/reference/seed.ts';
import { CORPUS_FILE, fractionOf, MODEL_FILE, readLabelled } from './corpus.ts';

/**
 * `npm run train [-- --include reviewed.jsonl ...] [--out file]`: trains the category and urgency
 * models on the corpus's training split (never its held-out split) plus any reviewer labels,
 * picks logistic regression or naive Bayes by validation macro-F1, fits the confidence
 * temperature on the validation part, and writes the versioned model artifact.
 */
export const BUCKETS = 8192;

const args = process.argv.slice(2);
const includes = args.flatMap((a, i) => (a === '--include' && args[i + 1] ? [args[i + 1] as string] : []));
const out = args.includes('--out') ? (args[args.indexOf('--out') + 1] as string) : MODEL_FILE;

const reference = loadSeedReferenceData();
const classes = reference.categories.map((c) => c.code);
const cues = buildCueIndex(reference.categories);
const corpus = readLabelled(CORPUS_FILE).filter((r) => r.split === 'train');
const reviewed = includes.flatMap((file) => readLabelled(file));
const all = [...corpus, ...reviewed].filter((r) => classes.includes(r.category));
const validation = all.filter((r) => fractionOf(`val:${r.id}`) < 0.12);
const fit = all.filter((r) => fractionOf(`val:${r.id}`) >= 0.12);

const vector = (text: string) => featurize(text, BUCKETS, cueFeatures(cues, text));
const categoryExamples = (rows: typeof all) =>
  rows.map((r) => ({ x: vector(r.text), y: classes.indexOf(r.category) }));
const fitExamples = categoryExamples(fit);
const validationExamples = categoryExamples(validation);

const f1Of = (model: LinearModel) =>
  macroF1(
    classes,
    validation.map((r) => r.category),
    validationExamples.map((e) => classes[predict(model, e.x).index] as string),
  );
const candidates = [
  { name: 'logistic regression', model: train(fitExamples, { classes, buckets: BUCKETS, epochs: 30 }) },
  { name: 'naive Bayes', model: trainNaiveBayes(fitExamples, { classes, buckets: BUCKETS }) },
].map((c) => ({ ...c, f1: f1Of(c.model) }));
for (const c of candidates) console.error(`validation macro-F1, ${c.name}: ${c.f1.toFixed(3)}`);
const chosen = candidates.reduce((a, b) => (b.f1 > a.f1 ? b : a));
chosen.model.temperature = fitTemperature(chosen.model, validationExamples);
console.error(`chosen: ${chosen.name}, temperature ${chosen.model.temperature}`);

const urgencyClasses = ['NORMAL', 'URGENT'];
const urgencyOf = (rows: typeof all) => rows.map((r) => ({ x: vector(r.text), y: r.urgent ? 1 : 0 }));
const urgency = train(urgencyOf(fit), { classes: urgencyClasses, buckets: BUCKETS, epochs: 30 });
urgency.temperature = fitTemperature(urgency, urgencyOf(validation));

const corpusHash = createHash('sha256')
  .update(readFileSync(CORPUS_FILE))
  .update(JSON.stringify(reviewed))
  .digest('hex');
const artifact: ModelArtifact = {
  format: 'pasokh-linear-v1',
  version: `${new Date().toISOString().slice(0, 10)}-${corpusHash.slice(0, 8)}`,
  createdAt: new Date().toISOString(),
  trainingExamples: fit.length,
  category: quantize(chosen.model),
  urgency: quantize(urgency),
};
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
    trainingExamples: fit.length,
    reviewed: reviewed.length,
    chosen: chosen.name,
  }),
);
