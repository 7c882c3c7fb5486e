import { type CueIndex, cueFeatures } from './cues.ts';
import { type FeatureVector, featureCounts, toVector } from './features.ts';

/** Cue features count this many times in the urgency model's input: urgency turns on a few cues. */
const URGENCY_CUE_WEIGHT = 4;

export interface RequestVectors {
  category: FeatureVector;
  urgency: FeatureVector;
}

/** The inputs of the category and urgency models for one request, as training and serving build them. */
export function requestVectors(cues: CueIndex, text: string, buckets: number): RequestVectors {
  const counts = featureCounts(text, buckets);
  const extra = cueFeatures(cues, text);
  return {
    category: toVector(counts, buckets, extra),
    urgency: toVector(counts, buckets, extra, URGENCY_CUE_WEIGHT),
  };
}
