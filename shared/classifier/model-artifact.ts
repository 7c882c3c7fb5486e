import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { z } from 'zod';
import { FEATURE_SET } from './features.ts';
import type { LinearModel } from './linear-model.ts';

/**
 * The versioned JSON a training run writes (data/model/classifier.json) and functions load at
 * init. Weights are stored as int8 per class row with one scale each (a quarter of float32, at
 * no measurable cost in accuracy), deflated (most hashed buckets hold zero), then base64: the
 * artifact stays well inside the function bundle budget. Node's own zlib inflates it at init.
 */
const QuantizedModelSchema = z.object({
  classes: z.array(z.string()).min(2),
  buckets: z.number().int().positive(),
  /** int8 weights, classes × buckets, deflated (raw) and base64-encoded. */
  weights: z.string(),
  scales: z.array(z.number()),
  bias: z.array(z.number()),
  temperature: z.number().positive(),
});

export const ModelArtifactSchema = z.object({
  format: z.literal('pasokh-linear-v2'),
  /** The features the weights were trained on: an artifact only works with the same extractor. */
  features: z.literal(FEATURE_SET),
  version: z.string(),
  createdAt: z.string(),
  trainingExamples: z.number().int(),
  family: z.string(),
  urgencyThreshold: z.number().min(0).max(1),
  category: QuantizedModelSchema,
  urgency: QuantizedModelSchema,
});
export type ModelArtifact = z.infer<typeof ModelArtifactSchema>;
type QuantizedModel = z.infer<typeof QuantizedModelSchema>;

export function quantize(model: LinearModel): QuantizedModel {
  const k = model.classes.length;
  const bytes = new Int8Array(k * model.buckets);
  const scales: number[] = [];
  for (let c = 0; c < k; c++) {
    let max = 0;
    for (let f = 0; f < model.buckets; f++)
      max = Math.max(max, Math.abs(model.weights[c * model.buckets + f] as number));
    const scale = max / 127 || 1;
    scales.push(scale);
    for (let f = 0; f < model.buckets; f++) {
      bytes[c * model.buckets + f] = Math.round((model.weights[c * model.buckets + f] as number) / scale);
    }
  }
  return {
    classes: model.classes,
    buckets: model.buckets,
    weights: deflateRawSync(Buffer.from(bytes.buffer), { level: 9 }).toString('base64'),
    scales,
    bias: [...model.bias],
    temperature: model.temperature,
  };
}

export function dequantize(model: QuantizedModel): LinearModel {
  const raw = inflateRawSync(Buffer.from(model.weights, 'base64'));
  const int8 = new Int8Array(raw.buffer, raw.byteOffset, raw.byteLength);
  const weights = new Float32Array(int8.length);
  for (let c = 0; c < model.classes.length; c++) {
    const scale = model.scales[c] as number;
    for (let f = 0; f < model.buckets; f++)
      weights[c * model.buckets + f] = (int8[c * model.buckets + f] as number) * scale;
  }
  return {
    classes: model.classes,
    buckets: model.buckets,
    weights,
    bias: Float32Array.from(model.bias),
    temperature: model.temperature,
  };
}

/** The artifact of freshly trained models, as `npm run train` writes it and `npm run eval` tests it. */
export function toArtifact(
  models: { category: LinearModel; urgency: LinearModel; family: string; urgencyThreshold: number },
  meta: { version: string; trainingExamples: number; createdAt?: string },
): ModelArtifact {
  return {
    format: 'pasokh-linear-v2',
    features: FEATURE_SET,
    version: meta.version,
    createdAt: meta.createdAt ?? new Date().toISOString(),
    trainingExamples: meta.trainingExamples,
    family: models.family,
    urgencyThreshold: models.urgencyThreshold,
    category: quantize(models.category),
    urgency: quantize(models.urgency),
  };
}
