/**
 * The p-th percentile (0 < p ≤ 100) by the nearest-rank method: the smallest value with at least p%
 * of the values at or below it. Null for no values. Used for "time from the last condition met to
 * release" in the office overview.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 100)) throw new Error('p must be above 0 and at most 100');
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil((p / 100) * sorted.length) - 1];
}
