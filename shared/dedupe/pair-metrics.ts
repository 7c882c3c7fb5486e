/** Precision and recall of predicted clusters against labelled duplicate groups, over all pairs. */
export function pairMetrics(items: ReadonlyArray<{ group: string | null; cluster: string }>): {
  precision: number;
  recall: number;
  truePairs: number;
  predictedPairs: number;
} {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i] as { group: string | null; cluster: string };
      const b = items[j] as { group: string | null; cluster: string };
      const same = a.group !== null && a.group === b.group;
      const predicted = a.cluster === b.cluster;
      if (same && predicted) tp++;
      else if (predicted) fp++;
      else if (same) fn++;
    }
  }
  return {
    precision: tp / (tp + fp || 1),
    recall: tp / (tp + fn || 1),
    truePairs: tp + fn,
    predictedPairs: tp + fp,
  };
}
