import artifact from '../../data/model/classifier.json' with { type: 'json' };
import type { Category } from '../domain/reference.ts';
import { ModelArtifactSchema } from './model-artifact.ts';
import { TrainedClassifier } from './trained-classifier.ts';

/**
 * The model artifact shipped with the code (data/model/classifier.json, written by
 * `npm run train`): bundled into the functions that classify, validated once at init.
 */
export function bundledClassifier(
  categories: readonly Pick<Category, 'code' | 'keywords'>[],
): TrainedClassifier {
  return new TrainedClassifier(ModelArtifactSchema.parse(artifact), categories);
}
