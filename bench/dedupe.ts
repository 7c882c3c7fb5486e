import { performance } from 'node:perf_hooks';
import { CORPUS_FILE, readLabelled } from '../cli/corpus.ts';
import { bundledClassifier } from '../shared/classifier/bundled-model.ts';
import { bundledTermStatistics } from '../shared/dedupe/bundled-terms.ts';
import { InMemoryClusterer } from '../shared/dedupe/clusterer.ts';
import { DedupeFingerprinter } from '../shared/dedupe/dedupe-service.ts';
import { ReferenceCatalog } from '../shared/domain/reference.ts';
import { loadSeedReferenceData } from '../shared/reference/seed.ts';

/**
 * Dedupe cost per letter, and the number of index lookups per letter at growing index sizes:
 * constant (the band and place keys of the letter), whatever the number of letters indexed.
 */
export function benchDedupe() {
  const reference = loadSeedReferenceData();
  const fingerprinter = new DedupeFingerprinter(
    new ReferenceCatalog(reference),
    bundledClassifier(reference.categories),
  );
  const rows = readLabelled(CORPUS_FILE);
  const stats = bundledTermStatistics();
  const sizes = [1000, 5000, 10000];
  const lookups: Record<string, number> = {};
  let letters = 0;
  const started = performance.now();
  for (const size of sizes) {
    const clusterer = new InMemoryClusterer(stats);
    let keys = 0;
    for (let i = 0; i < size; i++) {
      const row = rows[i % rows.length] as (typeof rows)[number];
      const day = 1 + Math.floor(i / 400);
      const candidate = fingerprinter.candidate({
        text: row.text,
        county: row.county ?? null,
        receivedAt: new Date(Date.UTC(2026, 10, day)).toISOString(),
      });
      keys += candidate.fingerprint.lookupKeys.length;
      clusterer.add(`${i}`, candidate);
      letters++;
    }
    lookups[`indexOf${size}`] = Math.round((keys / size) * 10) / 10;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    name: 'dedupe',
    letters,
    lettersPerSecond: Math.round(letters / seconds),
    lookupsPerLetter: lookups,
  };
}
