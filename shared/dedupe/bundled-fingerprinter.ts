import { bundledClassifier } from '../classifier/bundled-model.ts';
import { ReferenceCatalog } from '../domain/reference.ts';
import { loadSeedReferenceData } from '../reference/seed.ts';
import { bundledTermStatistics } from './bundled-terms.ts';
import { DedupeFingerprinter } from './dedupe-service.ts';
import type { TermStatistics } from './matcher.ts';

/** Dedupe as the CLI, the evaluation and the benchmark run it: the shipped model, terms and places. */
export function bundledFingerprinter(): { fingerprinter: DedupeFingerprinter; stats: TermStatistics } {
  const reference = loadSeedReferenceData();
  const stats = bundledTermStatistics();
  return {
    fingerprinter: new DedupeFingerprinter(
      new ReferenceCatalog(reference),
      bundledClassifier(reference.categories),
      stats,
    ),
    stats,
  };
}
