/**
 * Which categories reviewers correct most: for each category the machine (or an earlier referral)
 * gave, how many tickets reviewers decided and how many they moved elsewhere, and where to. The
 * next corpus work goes where this says the model is wrong most. Pure.
 */
export interface CorrectionRow {
  category: string;
  reviewed: number;
  corrected: number;
  rate: number;
  /** Where reviewers moved them, most frequent first. */
  movedTo: Array<{ category: string; count: number }>;
}

export function correctionReport(
  examples: ReadonlyArray<{ category: string; previousCategory?: string | null }>,
): CorrectionRow[] {
  const rows = new Map<string, { reviewed: number; moved: Map<string, number> }>();
  for (const e of examples) {
    const from = e.previousCategory ?? 'UNCLASSIFIED';
    const row = rows.get(from) ?? { reviewed: 0, moved: new Map<string, number>() };
    row.reviewed++;
    if (e.category !== from) row.moved.set(e.category, (row.moved.get(e.category) ?? 0) + 1);
    rows.set(from, row);
  }
  return [...rows]
    .map(([category, row]) => {
      const corrected = [...row.moved.values()].reduce((s, n) => s + n, 0);
      return {
        category,
        reviewed: row.reviewed,
        corrected,
        rate: corrected / row.reviewed,
        movedTo: [...row.moved]
          .map(([to, count]) => ({ category: to, count }))
          .sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
      };
    })
    .sort((a, b) => b.corrected - a.corrected || b.rate - a.rate || a.category.localeCompare(b.category));
}
