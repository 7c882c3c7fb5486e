import { performance } from 'node:perf_hooks';
import { CORPUS_FILE, readLabelled } from '../cli/corpus.ts';
import { bundledClassifier } from '../shared/classifier/bundled-model.ts';
import { loadSeedReferenceData } from '../shared/reference/seed.ts';

/** Classifier throughput on one core (this process), over the corpus's letters in rotation. */
export function benchClassifier(options: { letters?: number } = {}) {
  const classifier = bundledClassifier(loadSeedReferenceData().categories);
  const texts = readLabelled(CORPUS_FILE).map((r) => r.text);
  const letters = options.letters ?? 20_000;
  for (let i = 0; i < 500; i++) classifier.classify(texts[i % texts.length] as string); // warm-up
  const started = performance.now();
  let chars = 0;
  for (let i = 0; i < letters; i++) {
    const text = texts[i % texts.length] as string;
    chars += text.length;
    classifier.classify(text);
  }
  const seconds = (performance.now() - started) / 1000;
  const perSecond = letters / seconds;
  return {
    name: 'classifier',
    letters,
    meanLetterChars: Math.round(chars / letters),
    lettersPerSecond: Math.round(perSecond),
    target: 2000,
    ratioToTarget: Math.round((perSecond / 2000) * 100) / 100,
  };
}
