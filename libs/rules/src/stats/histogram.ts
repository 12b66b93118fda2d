/** One bucket of a histogram: samples above the previous bucket's bound and at most `upToMs` (null: no upper bound). */
export interface HistogramBucket {
  label: string;
  upToMs: number | null;
  count: number;
}

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The office overview's release-latency buckets: ≤ 1 s, ≤ 10 s, ≤ 1 min, ≤ 10 min, ≤ 1 h, ≤ 1 day, more. */
export const LATENCY_BUCKETS: ReadonlyArray<{ label: string; upToMs: number | null }> = [
  { label: 'under 1 sek', upToMs: SECOND },
  { label: '1–10 sek', upToMs: 10 * SECOND },
  { label: '10 sek–1 min', upToMs: MINUTE },
  { label: '1–10 min', upToMs: 10 * MINUTE },
  { label: '10 min–1 t', upToMs: HOUR },
  { label: '1 t–1 døgn', upToMs: DAY },
  { label: 'over 1 døgn', upToMs: null },
];

/**
 * Counts each sample (milliseconds) in the first bucket whose bound it does not exceed; the bounds are
 * inclusive, so exactly 1 s is "under 1 sek". `buckets` must rise and end with an open bucket (null).
 */
export function histogram(samplesMs: readonly number[], buckets = LATENCY_BUCKETS): HistogramBucket[] {
  if (buckets.length === 0 || buckets[buckets.length - 1].upToMs !== null) throw new Error('the last bucket must be open (upToMs null)');
  for (let i = 1; i < buckets.length - 1; i++) {
    if (!(buckets[i].upToMs! > buckets[i - 1].upToMs!)) throw new Error('bucket bounds must rise');
  }
  const counts = buckets.map(() => 0);
  for (const ms of samplesMs) {
    if (Number.isNaN(ms)) throw new Error('a sample must be a number of milliseconds');
    counts[buckets.findIndex((b) => b.upToMs === null || ms <= b.upToMs)] += 1;
  }
  return buckets.map((b, i) => ({ label: b.label, upToMs: b.upToMs, count: counts[i] }));
}
