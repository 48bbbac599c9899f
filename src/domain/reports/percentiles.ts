/**
 * Summary statistics of incident times. Both are defined so that a reader can check them by hand
 * against the incident table: the median of an even count is the mean of the two middle values, and
 * the p90 is the nearest-rank percentile (an observed value: the smallest one that at least 90% of the
 * values are at or below). With fewer than ten values the p90 is therefore the maximum.
 */

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Nearest-rank percentile, p in (0, 100]. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

export function p90(values: readonly number[]): number | null {
  return percentile(values, 90);
}
