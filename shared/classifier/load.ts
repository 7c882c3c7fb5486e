import { readFileSync } from 'node:fs';
import type { Category } from '../domain/reference.ts';
import { ModelArtifactSchema } from './model-artifact.ts';
import { TrainedClassifier } from './trained-classifier.ts';

/** The trained classifier from a model artifact file, validated. */
export function loadClassifier(
  file: string,
  categories: readonly Pick<Category, 'code' | 'keywords'>[],
): TrainedClassifier {
  const artifact = ModelArtifactSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  return new TrainedClassifier(artifact, categories);
}
