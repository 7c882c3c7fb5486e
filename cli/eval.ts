import { calibration, confusion, macroF1, perClass } from '../shared/classifier/evaluation.ts';
import { loadClassifier } from '../shared/classifier/load.ts';
import { bundledTermStatistics } from '../shared/dedupe/bundled-terms.ts';
import { InMemoryClusterer } from '../shared/dedupe/clusterer.ts';
import { DedupeFingerprinter } from '../shared/dedupe/dedupe-service.ts';
import { pairMetrics } from '../shared/dedupe/pair-metrics.ts';
import { ReferenceCatalog } from '../shared/domain/reference.ts';
import { loadSeedReferenceData } from '../shared/reference/seed.ts';
import { CORPUS_FILE, MODEL_FILE, readLabelled } from './corpus.ts';

/**
 * `npm run eval [-- --json]`: the model on the corpus's held-out split, which training never
 * sees: macro-F1, per-category precision and recall, the confusion matrix, urgency precision and
 * recall, and accuracy per confidence bucket.
 */
const reference = loadSeedReferenceData();
const labels = reference.categories.map((c) => c.code);
const classifier = loadClassifier(MODEL_FILE, reference.categories);
const test = readLabelled(CORPUS_FILE).filter((r) => r.split === 'test');
const results = test.map((r) => classifier.classify(r.text));
const truth = test.map((r) => r.category);
const predicted = results.map((r) => r.category);

const urgentTp = test.filter((r, i) => r.urgent && results[i]?.urgent).length;
const urgentFp = test.filter((r, i) => !r.urgent && results[i]?.urgent).length;
const urgentFn = test.filter((r, i) => r.urgent && !results[i]?.urgent).length;
// Dedupe over the held-out requests in corpus order, as the center would receive them.
const reference2 = new ReferenceCatalog(reference);
const fingerprinter = new DedupeFingerprinter(reference2, classifier);
const clusterer = new InMemoryClusterer(bundledTermStatistics());
const clusters = test.map((r) => ({
  group: r.duplicateGroup ?? null,
  cluster: clusterer.add(r.id, fingerprinter.candidate({ text: r.text, county: r.county ?? null })),
}));

const report = {
  model: classifier.version,
  heldOut: test.length,
  macroF1: macroF1(labels, truth, predicted),
  accuracy: predicted.filter((p, i) => p === truth[i]).length / test.length,
  perCategory: perClass(labels, truth, predicted),
  urgency: {
    precision: urgentTp / (urgentTp + urgentFp || 1),
    recall: urgentTp / (urgentTp + urgentFn || 1),
    support: urgentTp + urgentFn,
  },
  calibration: calibration(
    results.map((r) => r.confidence),
    predicted.map((p, i) => p === truth[i]),
  ),
  confusion: confusion(labels, truth, predicted),
  dedupe: pairMetrics(clusters),
};

if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(report)}\n`);
} else {
  const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
  const out: string[] = [];
  out.push(`model ${report.model} on ${report.heldOut} held-out requests`);
  out.push(`macro-F1 ${report.macroF1.toFixed(3)}   accuracy ${pct(report.accuracy)}`);
  out.push('', 'category          precision  recall     F1  support');
  for (const r of report.perCategory) {
    out.push(
      `${r.label.padEnd(16)} ${pct(r.precision).padStart(10)} ${pct(r.recall).padStart(7)} ${r.f1.toFixed(3).padStart(6)} ${String(r.support).padStart(8)}`,
    );
  }
  out.push(
    '',
    `urgency: precision ${pct(report.urgency.precision)}, recall ${pct(report.urgency.recall)} (${report.urgency.support} urgent)`,
  );
  out.push(
    '',
    `dedupe: precision ${pct(report.dedupe.precision)}, recall ${pct(report.dedupe.recall)} over ${report.dedupe.truePairs} labelled duplicate pairs (${report.dedupe.predictedPairs} predicted)`,
  );
  out.push('', 'confidence     count  accuracy  mean confidence');
  for (const b of report.calibration) {
    out.push(
      `${b.from.toFixed(1)}–${b.to.toFixed(1)}  ${String(b.count).padStart(9)}  ${pct(b.accuracy).padStart(8)}  ${b.meanConfidence.toFixed(2).padStart(15)}`,
    );
  }
  out.push('', 'confusion (rows: truth, columns: predicted, in the category order above)');
  for (const [i, row] of report.confusion.entries())
    out.push(`${(labels[i] as string).padEnd(16)} ${row.map((n) => String(n).padStart(3)).join('')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}
