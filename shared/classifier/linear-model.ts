import type { FeatureVector } from './features.ts';

/**
 * A multinomial logistic regression over hashed features: the trained classifier's model.
 * Chosen over multinomial naive Bayes by validation macro-F1 (see `npm run eval`); both are
 * written here because the model is small and specific, and the libraries that offer them
 * bring a numeric runtime far larger than the 1 MB bundle budget.
 */
export interface LinearModel {
  classes: string[];
  buckets: number;
  /** classes × buckets weights, row-major. */
  weights: Float32Array;
  bias: Float32Array;
  /** Softmax temperature fitted on validation data, so confidences match accuracy. */
  temperature: number;
}

export function scores(model: LinearModel, x: FeatureVector): Float64Array {
  const out = new Float64Array(model.classes.length);
  for (let c = 0; c < model.classes.length; c++) {
    let s = model.bias[c] as number;
    const row = c * model.buckets;
    for (let i = 0; i < x.indices.length; i++)
      s += (model.weights[row + (x.indices[i] as number)] as number) * (x.values[i] as number);
    out[c] = s;
  }
  return out;
}

export function softmax(logits: Float64Array, temperature = 1): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of logits) max = Math.max(max, v / temperature);
  const out = new Float64Array(logits.length);
  let sum = 0;
  for (let i = 0; i < logits.length; i++) {
    const e = Math.exp((logits[i] as number) / temperature - max);
    out[i] = e;
    sum += e;
  }
  for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) / sum;
  return out;
}

/** Trains by stochastic gradient descent on the softmax cross-entropy with L2 regularization. */
export function train(
  examples: ReadonlyArray<{ x: FeatureVector; y: number }>,
  options: {
    classes: string[];
    buckets: number;
    epochs?: number;
    learningRate?: number;
    l2?: number;
    seed?: number;
  },
): LinearModel {
  const k = options.classes.length;
  const weights = new Float32Array(k * options.buckets);
  const bias = new Float32Array(k);
  const epochs = options.epochs ?? 25;
  const l2 = options.l2 ?? 1e-5;
  let seed = options.seed ?? 7;
  const order = examples.map((_, i) => i);
  const model: LinearModel = {
    classes: options.classes,
    buckets: options.buckets,
    weights,
    bias,
    temperature: 1,
  };
  for (let epoch = 0; epoch < epochs; epoch++) {
    // Deterministic shuffle per epoch.
    for (let i = order.length - 1; i > 0; i--) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const j = seed % (i + 1);
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    const rate = (options.learningRate ?? 0.5) / (1 + epoch * 0.1);
    for (const i of order) {
      const { x, y } = examples[i] as { x: FeatureVector; y: number };
      const p = softmax(scores(model, x));
      for (let c = 0; c < k; c++) {
        const gradient = (p[c] as number) - (c === y ? 1 : 0);
        if (Math.abs(gradient) < 1e-4) continue;
        const row = c * options.buckets;
        for (let f = 0; f < x.indices.length; f++) {
          const at = row + (x.indices[f] as number);
          weights[at] = (weights[at] as number) * (1 - rate * l2) - rate * gradient * (x.values[f] as number);
        }
        bias[c] = (bias[c] as number) - rate * gradient;
      }
    }
  }
  return model;
}

/** The temperature that minimizes the negative log-likelihood of held-out examples' logits. */
export function fitTemperature(logits: ReadonlyArray<{ s: Float64Array; y: number }>): number {
  let best = 1;
  let bestLoss = Number.POSITIVE_INFINITY;
  // Multiplicative steps: naive Bayes' log-likelihood logits need far larger temperatures.
  for (let t = 0.2; t <= 100; t *= 1.05) {
    let loss = 0;
    for (const { s, y } of logits) loss -= Math.log(Math.max(1e-12, softmax(s, t)[y] as number));
    if (loss < bestLoss) {
      bestLoss = loss;
      best = Math.round(t * 1000) / 1000;
    }
  }
  return best;
}

/**
 * Multinomial naive Bayes over the same features, expressed as a linear model (log prior as
 * bias, log likelihoods as weights), so both candidates are evaluated and served alike.
 */
export function trainNaiveBayes(
  examples: ReadonlyArray<{ x: FeatureVector; y: number }>,
  options: { classes: string[]; buckets: number; alpha?: number },
): LinearModel {
  const k = options.classes.length;
  const alpha = options.alpha ?? 0.1;
  const counts = new Float64Array(k * options.buckets);
  const totals = new Float64Array(k);
  const docs = new Float64Array(k);
  for (const { x, y } of examples) {
    docs[y] = (docs[y] as number) + 1;
    for (let f = 0; f < x.indices.length; f++) {
      const at = y * options.buckets + (x.indices[f] as number);
      counts[at] = (counts[at] as number) + (x.values[f] as number);
      totals[y] = (totals[y] as number) + (x.values[f] as number);
    }
  }
  const weights = new Float32Array(k * options.buckets);
  const bias = new Float32Array(k);
  for (let c = 0; c < k; c++) {
    bias[c] = Math.log(((docs[c] as number) + 1) / (examples.length + k));
    const denominator = (totals[c] as number) + alpha * options.buckets;
    for (let f = 0; f < options.buckets; f++) {
      weights[c * options.buckets + f] = Math.log(
        ((counts[c * options.buckets + f] as number) + alpha) / denominator,
      );
    }
  }
  return { classes: options.classes, buckets: options.buckets, weights, bias, temperature: 1 };
}

/**
 * A model laid out for serving: each feature's weights for every class side by side, so scoring
 * a request touches one short run of memory per feature instead of one per class and feature.
 */
export interface ServingModel {
  classes: string[];
  buckets: number;
  /** buckets × classes weights, feature-major. */
  weights: Float32Array;
  bias: Float32Array;
  temperature: number;
}

export function forServing(model: LinearModel): ServingModel {
  const k = model.classes.length;
  const weights = new Float32Array(k * model.buckets);
  for (let c = 0; c < k; c++)
    for (let f = 0; f < model.buckets; f++)
      weights[f * k + c] = model.weights[c * model.buckets + f] as number;
  return {
    classes: model.classes,
    buckets: model.buckets,
    weights,
    bias: model.bias,
    temperature: model.temperature,
  };
}

export function predictServing(
  model: ServingModel,
  x: FeatureVector,
): { index: number; probability: number } {
  const k = model.classes.length;
  const logits = new Float64Array(k);
  for (let c = 0; c < k; c++) logits[c] = model.bias[c] as number;
  for (let i = 0; i < x.indices.length; i++) {
    const at = (x.indices[i] as number) * k;
    const v = x.values[i] as number;
    for (let c = 0; c < k; c++) logits[c] = (logits[c] as number) + (model.weights[at + c] as number) * v;
  }
  const probabilities = softmax(logits, model.temperature);
  let index = 0;
  for (let i = 1; i < k; i++) if ((probabilities[i] as number) > (probabilities[index] as number)) index = i;
  return { index, probability: probabilities[index] as number };
}
