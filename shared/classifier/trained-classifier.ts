import type { Category } from '../domain/reference.ts';
import { type Classification, type Classifier, FALLBACK_CATEGORY } from './classifier.ts';
import { buildCueIndex, type CueIndex } from './cues.ts';
import { tokens } from './features.ts';
import { forServing, predictServing, type ServingModel } from './linear-model.ts';
import { dequantize, type ModelArtifact } from './model-artifact.ts';
import { requestVectors } from './vectors.ts';

/** Too few Persian words to judge: the request goes to a reviewer. */
const MIN_PERSIAN_TOKENS = 2;
/** Below this many Persian words confidence shrinks in proportion: a two-word note says little. */
const FULL_EVIDENCE_TOKENS = 6;
/** Confidence below which the answer is GENERAL: a reviewer decides from scratch. */
const NO_IDEA = 0.3;

/**
 * The trained classifier: hashed n-gram features plus the taxonomy's cue words (which carry a
 * category with little training data), a calibrated linear model for the category and another
 * for urgency. Deterministic and pure: the same text gives the same answer in every function.
 */
export class TrainedClassifier implements Classifier {
  readonly version: string;
  private readonly category: ServingModel;
  private readonly urgency: ServingModel;
  private readonly cues: CueIndex;

  constructor(artifact: ModelArtifact, categories: readonly Pick<Category, 'code' | 'keywords'>[]) {
    this.version = artifact.version;
    this.category = forServing(dequantize(artifact.category));
    this.urgency = forServing(dequantize(artifact.urgency));
    this.cues = buildCueIndex(categories);
  }

  classify(text: string): Classification {
    const words = tokens(text);
    const persian = words.filter((t) => /[\u0600-\u06FF]/.test(t));
    if (persian.length < MIN_PERSIAN_TOKENS)
      return { category: FALLBACK_CATEGORY, confidence: 0.05, urgent: false };
    const x = requestVectors(this.cues, text, this.category.buckets, words);
    const category = predictServing(this.category, x.category);
    const urgency = predictServing(this.urgency, x.urgency);
    const confidence =
      Math.round(category.probability * Math.min(1, persian.length / FULL_EVIDENCE_TOKENS) * 1000) / 1000;
    return {
      // Below the floor the model has no real idea (another language, a greeting): say so.
      category:
        confidence < NO_IDEA
          ? FALLBACK_CATEGORY
          : (this.category.classes[category.index] ?? FALLBACK_CATEGORY),
      confidence,
      urgent: this.urgency.classes[urgency.index] === 'URGENT',
    };
  }
}
