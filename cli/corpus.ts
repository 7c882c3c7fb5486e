import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { REPO_ROOT } from '../infra/constructs/pasokh-function.ts';

/** The labelled corpus (data/corpus) and reviewers' labels exported from the center. */
export const LabelledRequestSchema = z.object({
  id: z.string(),
  text: z.string(),
  category: z.string(),
  urgent: z.boolean().default(false),
  county: z.string().optional(),
  duplicateGroup: z.string().nullable().optional(),
  split: z.enum(['train', 'test']).default('train'),
});
export type LabelledRequest = z.infer<typeof LabelledRequestSchema>;

export const CORPUS_FILE = join(REPO_ROOT, 'data', 'corpus', 'requests.jsonl');
export const MODEL_FILE = join(REPO_ROOT, 'data', 'model', 'classifier.json');

export function readLabelled(file: string): LabelledRequest[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = LabelledRequestSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: not a labelled request`);
      return parsed.data;
    });
}

/** A stable pseudo-random fraction of an id, for splits that never change. */
export function fractionOf(id: string): number {
  let h = 2166136261;
  for (const ch of id) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) / 4294967296;
}
