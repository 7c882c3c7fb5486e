import { describe, expect, it } from 'vitest';
import { correctionReport } from '../../../shared/classifier/corrections.ts';

describe('correctionReport', () => {
  it('counts, per category the machine gave, how many reviewers moved and where, most corrected first', () => {
    const report = correctionReport([
      { previousCategory: 'GENERAL', category: 'CULTURE_SPORTS' },
      { previousCategory: 'GENERAL', category: 'WELFARE' },
      { previousCategory: 'GENERAL', category: 'WELFARE' },
      { previousCategory: 'GENERAL', category: 'GENERAL' },
      { previousCategory: 'BANKING', category: 'HOUSING_URBAN' },
      { previousCategory: 'BANKING', category: 'BANKING' },
      { previousCategory: 'WATER_SEWAGE', category: 'WATER_SEWAGE' },
      { previousCategory: null, category: 'GAS' },
    ]);
    expect(report[0]).toEqual({
      category: 'GENERAL',
      reviewed: 4,
      corrected: 3,
      rate: 0.75,
      movedTo: [
        { category: 'WELFARE', count: 2 },
        { category: 'CULTURE_SPORTS', count: 1 },
      ],
    });
    expect(report.map((r) => r.category)).toEqual(['GENERAL', 'UNCLASSIFIED', 'BANKING', 'WATER_SEWAGE']);
    expect(report.find((r) => r.category === 'WATER_SEWAGE')).toMatchObject({
      corrected: 0,
      rate: 0,
      movedTo: [],
    });
  });
});
