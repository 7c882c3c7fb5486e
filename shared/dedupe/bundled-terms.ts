import terms from '../../data/model/dedupe-terms.json' with { type: 'json' };
import type { TermStatistics } from './matcher.ts';
import { TermStatisticsFileSchema, termStatistics } from './term-statistics.ts';

/** The term statistics shipped with the code, validated once at init. */
export function bundledTermStatistics(): TermStatistics {
  return termStatistics(TermStatisticsFileSchema.parse(terms));
}
