import { type CueIndex, cueFeatures } from './cues.ts';
import { type FeatureVector, featureCounts, hashFeature, tokens } from './features.ts';

/** Cue features count this many times in the urgency model's input: urgency turns on a few cues. */
const URGENCY_CUE_WEIGHT = 4;

export interface RequestVectors {
  category: FeatureVector;
  urgency: FeatureVector;
}

/**
 * The inputs of the category and urgency models for one request, as training and serving build
 * them: the same n-gram counts, with the cue features counted once for the category model and
 * URGENCY_CUE_WEIGHT times for the urgency model. `words` are the text's matching-key words,
 * when the caller has them already.
 */
export function requestVectors(
  cues: CueIndex,
  text: string,
  buckets: number,
  words: readonly string[] = tokens(text),
): RequestVectors {
  const counts = featureCounts(text, buckets);
  const extra = new Map<number, number>();
  for (const feature of cueFeatures(cues, words)) {
    const index = hashFeature(`x:${feature}`, buckets);
    extra.set(index, (extra.get(index) ?? 0) + 1);
  }
  return {
    category: normalized(counts, extra, 1),
    urgency: normalized(counts, extra, URGENCY_CUE_WEIGHT),
  };
}

/** L2-normalized log-scaled counts, the cue counts weighted by `extraWeight`. */
function normalized(
  counts: ReadonlyMap<number, number>,
  extra: ReadonlyMap<number, number>,
  extraWeight: number,
): FeatureVector {
  const size = counts.size + extra.size;
  const indices = new Int32Array(size);
  const values = new Float32Array(size);
  let n = 0;
  let norm = 0;
  for (const [index, count] of counts) {
    const v = Math.log1p(count + (extra.get(index) ?? 0) * extraWeight);
    indices[n] = index;
    values[n++] = v;
    norm += v * v;
  }
  for (const [index, count] of extra) {
    if (counts.has(index)) continue;
    const v = Math.log1p(count * extraWeight);
    indices[n] = index;
    values[n++] = v;
    norm += v * v;
  }
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < n; i++) values[i] = (values[i] as number) / norm;
  return { indices: indices.subarray(0, n), values: values.subarray(0, n) };
}

/** The category model's input for a text without cue features (tests of the model's mechanics). */
export function featurize(text: string, buckets: number): FeatureVector {
  return normalized(featureCounts(text, buckets), new Map(), 1);
}
