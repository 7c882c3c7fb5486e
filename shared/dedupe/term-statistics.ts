import { z } from 'zod';
import { contentTerms } from './fingerprint.ts';
import type { TermStatistics } from './matcher.ts';

/** Document frequencies of content word stems (shared/dedupe/fingerprint.ts), written by `npm run train` (data/model/dedupe-terms.json). */
export const TermStatisticsFileSchema = z.object({
  format: z.literal('pasokh-terms-v2'),
  documents: z.number().int().positive(),
  /** [term hash, document frequency] for terms seen in at least two documents. */
  frequency: z.array(z.tuple([z.number().int(), z.number().int()])),
});
export type TermStatisticsFile = z.infer<typeof TermStatisticsFileSchema>;

export function countTerms(texts: readonly string[]): TermStatisticsFile {
  const counts = new Map<number, number>();
  for (const text of texts) {
    for (const t of contentTerms(text)) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return {
    format: 'pasokh-terms-v2',
    documents: texts.length,
    frequency: [...counts].filter(([, n]) => n >= 2).sort((a, b) => a[0] - b[0]),
  };
}

export function termStatistics(file: TermStatisticsFile): TermStatistics {
  return { documents: file.documents, frequency: new Map(file.frequency) };
}
