import type { Gates, PaymentStatus } from '../payments/payment';
import { HistogramBucket, histogram } from './histogram';
import { percentile } from './percentile';

/** Held payments of an office (or one veileder's part of it): how many, and how much. */
export interface HeldFigures {
  count: number;
  amountOre: number;
}

export const NO_HELD: HeldFigures = { count: 0, amountOre: 0 };

/** What a payment's change does to the held figures: it leaves HELD, enters it, or changes amount while held. */
export function heldChange(
  before: { status: PaymentStatus; amountOre: number } | null,
  after: { status: PaymentStatus; amountOre: number },
): HeldFigures {
  const held = (p: { status: PaymentStatus; amountOre: number } | null): HeldFigures =>
    p && p.status === 'HELD' ? { count: 1, amountOre: p.amountOre } : NO_HELD;
  const [b, a] = [held(before), held(after)];
  return { count: a.count - b.count, amountOre: a.amountOre - b.amountOre };
}

/** Folds changes into figures (the projection kept as events arrive, and its compaction). */
export const foldHeld = (changes: readonly HeldFigures[], start: HeldFigures = NO_HELD): HeldFigures =>
  changes.reduce((sum, c) => ({ count: sum.count + c.count, amountOre: sum.amountOre + c.amountOre }), start);

/**
 * How long a payment waited for its release once nothing held it any more: from its last condition met
 * (or lifted, or decided) to its release. Null for a payment no condition gated, one not released, one
 * with a condition still holding it, or a release before the last resolution (not counted).
 */
export function releaseLatencyMs(gates: Gates, releasedAt: string | null): number | null {
  const resolutions = Object.values(gates);
  if (!releasedAt || resolutions.length === 0 || resolutions.some((r) => r === null)) return null;
  const ms = Date.parse(releasedAt) - Math.max(...resolutions.map((r) => Date.parse(r!.at)));
  return ms >= 0 ? ms : null;
}

export interface LatencyFigures {
  count: number;
  median: number | null;
  p95: number | null;
  histogram: HistogramBucket[];
}

/** The release-latency figures of a set of releases. */
export const latencyFigures = (samplesMs: readonly number[]): LatencyFigures => ({
  count: samplesMs.length,
  median: percentile(samplesMs, 50),
  p95: percentile(samplesMs, 95),
  histogram: histogram(samplesMs),
});
