/** Classification metrics for `npm run train`, `npm run eval` and the benchmark. Pure. */
export interface PerClass {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export function perClass(
  labels: readonly string[],
  truth: readonly string[],
  predicted: readonly string[],
): PerClass[] {
  return labels.map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < truth.length; i++) {
      if (predicted[i] === label && truth[i] === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (truth[i] === label) fn++;
    }
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    return {
      label,
      precision,
      recall,
      f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
      support: tp + fn,
    };
  });
}

/** Macro-F1 over the labels that occur in the truth. */
export function macroF1(
  labels: readonly string[],
  truth: readonly string[],
  predicted: readonly string[],
): number {
  const rows = perClass(labels, truth, predicted).filter((r) => r.support > 0);
  return rows.reduce((sum, r) => sum + r.f1, 0) / (rows.length || 1);
}

export function confusion(
  labels: readonly string[],
  truth: readonly string[],
  predicted: readonly string[],
): number[][] {
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < truth.length; i++) {
    const t = index.get(truth[i] as string);
    const p = index.get(predicted[i] as string);
    if (t !== undefined && p !== undefined)
      (matrix[t] as number[])[p] = ((matrix[t] as number[])[p] as number) + 1;
  }
  return matrix;
}

/** Accuracy per confidence bucket: a calibrated model's accuracy is close to its confidence. */
export function calibration(
  confidences: readonly number[],
  correct: readonly boolean[],
  edges: readonly number[] = [0, 0.3, 0.5, 0.7, 0.9, 1.0001],
): Array<{ from: number; to: number; count: number; accuracy: number; meanConfidence: number }> {
  return edges.slice(0, -1).map((from, i) => {
    const to = edges[i + 1] as number;
    const members = confidences.map((c, j) => ({ c, ok: correct[j] })).filter(({ c }) => c >= from && c < to);
    return {
      from,
      to: Math.min(1, to),
      count: members.length,
      accuracy: members.length ? members.filter((m) => m.ok).length / members.length : 0,
      meanConfidence: members.length ? members.reduce((s, m) => s + m.c, 0) / members.length : 0,
    };
  });
}
