import fc from 'fast-check';
import { LATENCY_BUCKETS, histogram } from './histogram';

const S = 1_000;
const MIN = 60 * S;
const H = 60 * MIN;
const D = 24 * H;

describe('release-latency histogram', () => {
  it('has the fixed buckets with Norwegian labels, the last one open', () => {
    expect(histogram([])).toEqual([
      { label: 'under 1 sek', upToMs: 1_000, count: 0 },
      { label: '1–10 sek', upToMs: 10_000, count: 0 },
      { label: '10 sek–1 min', upToMs: 60_000, count: 0 },
      { label: '1–10 min', upToMs: 600_000, count: 0 },
      { label: '10 min–1 t', upToMs: 3_600_000, count: 0 },
      { label: '1 t–1 døgn', upToMs: 86_400_000, count: 0 },
      { label: 'over 1 døgn', upToMs: null, count: 0 },
    ]);
  });

  it.each([
    [0, 'under 1 sek'],
    [S, 'under 1 sek'],
    [S + 1, '1–10 sek'],
    [10 * S, '1–10 sek'],
    [10 * S + 1, '10 sek–1 min'],
    [MIN, '10 sek–1 min'],
    [MIN + 1, '1–10 min'],
    [10 * MIN, '1–10 min'],
    [10 * MIN + 1, '10 min–1 t'],
    [H, '10 min–1 t'],
    [H + 1, '1 t–1 døgn'],
    [D, '1 t–1 døgn'],
    [D + 1, 'over 1 døgn'],
    [30 * D, 'over 1 døgn'],
  ])('%i ms lands in "%s" (bounds are inclusive)', (ms, label) => {
    expect(histogram([ms]).filter((b) => b.count > 0)).toEqual([expect.objectContaining({ label, count: 1 })]);
  });

  it('counts several samples per bucket', () => {
    expect(histogram([200, 900, 5_000, 2 * D]).map((b) => b.count)).toEqual([2, 1, 0, 0, 0, 0, 1]);
  });

  it('refuses a sample that is not a number, and buckets that do not rise or do not end open', () => {
    expect(() => histogram([NaN])).toThrow(/milliseconds/);
    expect(() => histogram([1], [{ label: 'a', upToMs: 10 }])).toThrow(/open/);
    expect(() =>
      histogram(
        [1],
        [
          { label: 'a', upToMs: 10 },
          { label: 'b', upToMs: 5 },
          { label: 'c', upToMs: null },
        ],
      ),
    ).toThrow(/rise/);
  });

  const sample = fc.oneof(fc.integer({ min: 0, max: 3 * D }), fc.constantFrom(0, S, 10 * S, MIN, 10 * MIN, H, D, D + 1));

  it('property: the counts sum to the number of samples', () => {
    fc.assert(
      fc.property(fc.array(sample, { maxLength: 100 }), (samples) => {
        expect(histogram(samples).reduce((sum, b) => sum + b.count, 0)).toBe(samples.length);
      }),
    );
  });

  it('property: each sample lands in exactly one bucket, the one whose bounds hold it', () => {
    fc.assert(
      fc.property(sample, (ms) => {
        const buckets = histogram([ms]);
        const hit = buckets.findIndex((b) => b.count === 1);
        expect(buckets.filter((b) => b.count !== 0)).toHaveLength(1);
        const lower = hit === 0 ? -Infinity : LATENCY_BUCKETS[hit - 1].upToMs!;
        const upper = LATENCY_BUCKETS[hit].upToMs ?? Infinity;
        expect(ms).toBeGreaterThan(lower);
        expect(ms).toBeLessThanOrEqual(upper);
      }),
    );
  });
});
