import type { CueIndex } from './cues.ts';
import { macroF1 } from './evaluation.ts';
import type { FeatureVector } from './features.ts';
import { fitTemperature, type LinearModel, scores, softmax, train, trainNaiveBayes } from './linear-model.ts';
import { type RequestVectors, requestVectors } from './vectors.ts';

/**
 * Training the category and urgency models (`npm run train`, and every fold of `npm run eval`).
 * Pure: rows in, models out. Every choice is made on text the candidate models were not trained
 * on, in the writing style they were not trained on: each style family in turn is held out of
 * training (leave-one-family-out), and the model family, the confidence temperature and the
 * urgency threshold are chosen on those out-of-style predictions. So "sure" means sure on a way
 * of writing the model has not seen.
 */
export const BUCKETS = 16_384;

export interface TrainingRow {
  id: string;
  text: string;
  category: string;
  urgent: boolean;
  style?: string | undefined;
}

export interface TrainedModels {
  category: LinearModel;
  urgency: LinearModel;
  family: ModelFamily;
  /** Macro-F1 of each model family on the held-out style families. */
  validation: Record<ModelFamily, number>;
  /** P(urgent) above which a request is urgent, folded into the urgency model's bias. */
  urgencyThreshold: number;
}

export const MODEL_FAMILIES = ['logistic regression', 'naive Bayes'] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

interface Example {
  x: FeatureVector;
  u: FeatureVector;
  y: number;
  urgent: number;
  style: string;
}

const EPOCHS = 10;

export function vectorize(cues: CueIndex, text: string): RequestVectors {
  return requestVectors(cues, text, BUCKETS);
}

function fitFamily(family: ModelFamily, examples: readonly Example[], classes: string[]): LinearModel {
  return family === 'naive Bayes'
    ? trainNaiveBayes(examples, { classes, buckets: BUCKETS })
    : train(examples, { classes, buckets: BUCKETS, epochs: EPOCHS });
}

function fitUrgency(examples: readonly Example[]): LinearModel {
  return train(
    examples.map((e) => ({ x: e.u, y: e.urgent })),
    { classes: ['NORMAL', 'URGENT'], buckets: BUCKETS, epochs: EPOCHS },
  );
}

/** The threshold on P(urgent) with the best F1 on held-out predictions. */
function bestThreshold(probabilities: readonly number[], truth: readonly number[]): number {
  let best = { threshold: 0.5, f1: -1 };
  for (let t = 0.1; t <= 0.9001; t += 0.025) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    probabilities.forEach((p, i) => {
      if (p >= t && truth[i]) tp++;
      else if (p >= t) fp++;
      else if (truth[i]) fn++;
    });
    const f1 = tp ? (2 * tp) / (2 * tp + fp + fn) : 0;
    if (f1 > best.f1) best = { threshold: Math.round(t * 1000) / 1000, f1 };
  }
  return best.threshold;
}

/**
 * Trains on `rows`. `heldOutFamilies` limits how many style families are held out in turn for
 * the choices above (all of them by default; fewer makes a quicker, noisier choice).
 */
export function trainModels(
  rows: readonly TrainingRow[],
  options: {
    classes: string[];
    cues: CueIndex;
    heldOutFamilies?: number;
    vectors?: Map<string, RequestVectors>;
  },
): TrainedModels {
  const { classes, cues } = options;
  const examples: Example[] = rows
    .filter((r) => classes.includes(r.category))
    .map((r) => {
      const vectors = options.vectors?.get(r.id) ?? vectorize(cues, r.text);
      return {
        x: vectors.category,
        u: vectors.urgency,
        y: classes.indexOf(r.category),
        urgent: r.urgent ? 1 : 0,
        style: r.style ?? 'unknown',
      };
    });
  const families = [...new Set(examples.map((e) => e.style))].sort();
  const heldOut = families.slice(0, options.heldOutFamilies ?? families.length);
  // Out-of-style predictions for each candidate family, and for urgency.
  const logits: Record<ModelFamily, Array<{ s: Float64Array; y: number }>> = {
    'logistic regression': [],
    'naive Bayes': [],
  };
  const urgentProbability: number[] = [];
  const urgentTruth: number[] = [];
  if (families.length > 1) {
    for (const family of heldOut) {
      const fit = examples.filter((e) => e.style !== family);
      const test = examples.filter((e) => e.style === family);
      for (const name of MODEL_FAMILIES) {
        const model = fitFamily(name, fit, classes);
        for (const e of test) logits[name].push({ s: scores(model, e.x), y: e.y });
      }
      const urgency = fitUrgency(fit);
      for (const e of test) {
        urgentProbability.push(softmax(scores(urgency, e.u))[1] as number);
        urgentTruth.push(e.urgent);
      }
    }
  }
  const validation = Object.fromEntries(
    MODEL_FAMILIES.map((name) => {
      const predicted = logits[name].map(({ s }) => classes[argmax(s)] as string);
      const truth = logits[name].map(({ y }) => classes[y] as string);
      return [name, predicted.length ? macroF1(classes, truth, predicted) : 0];
    }),
  ) as Record<ModelFamily, number>;
  const family = MODEL_FAMILIES.reduce((a, b) => (validation[b] > validation[a] ? b : a));
  const category = fitFamily(family, examples, classes);
  category.temperature = logits[family].length ? fitTemperature(logits[family]) : 1;
  const urgency = fitUrgency(examples);
  const urgencyThreshold = urgentProbability.length ? bestThreshold(urgentProbability, urgentTruth) : 0.5;
  // argmax of the two classes then means P(urgent) ≥ threshold.
  (urgency.bias as Float32Array)[1] =
    (urgency.bias[1] as number) - Math.log(urgencyThreshold / (1 - urgencyThreshold));
  return { category, urgency, family, validation, urgencyThreshold };
}

function argmax(values: Float64Array): number {
  let index = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[index] as number)) index = i;
  return index;
}
