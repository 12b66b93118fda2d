import fc from 'fast-check';
import { PAYMENT_STATUSES, PaymentStatus } from '../payments/payment';
import { NO_HELD, foldHeld, heldChange, latencyFigures, releaseLatencyMs } from './office-figures';

const statuses = fc.constantFrom(...(PAYMENT_STATUSES as readonly PaymentStatus[]));
const payment = fc.record({ status: statuses, amountOre: fc.integer({ min: 1, max: 10_000_000 }) });

describe('office figures kept as events arrive', () => {
  it('given a payment planned, then held, when released, then the held figures go up and back down by its amount', () => {
    expect(heldChange(null, { status: 'HELD', amountOre: 500 })).toEqual({ count: 1, amountOre: 500 });
    expect(heldChange({ status: 'HELD', amountOre: 500 }, { status: 'HELD', amountOre: 300 })).toEqual({ count: 0, amountOre: -200 });
    expect(heldChange({ status: 'HELD', amountOre: 300 }, { status: 'RELEASED', amountOre: 300 })).toEqual({ count: -1, amountOre: -300 });
    expect(heldChange({ status: 'RELEASED', amountOre: 300 }, { status: 'PAID', amountOre: 300 })).toEqual(NO_HELD);
  });

  it('property: folding the changes of any history gives what counting the held payments at its end gives', () => {
    fc.assert(
      fc.property(fc.array(fc.array(payment, { minLength: 1, maxLength: 6 }), { maxLength: 20 }), (histories) => {
        const changes = histories.flatMap((h) => h.map((p, i) => heldChange(i === 0 ? null : h[i - 1], p)));
        const last = histories.map((h) => h[h.length - 1]).filter((p) => p.status === 'HELD');
        expect(foldHeld(changes)).toEqual({ count: last.length, amountOre: last.reduce((s, p) => s + p.amountOre, 0) });
        // Folding in two parts (a compaction, then more changes) gives the same.
        const cut = Math.floor(changes.length / 2);
        expect(foldHeld(changes.slice(cut), foldHeld(changes.slice(0, cut)))).toEqual(foldHeld(changes));
      }),
    );
  });

  it('given a payment whose conditions were met, when released, then its latency runs from the last one met', () => {
    const gates = {
      a: { at: '2026-11-20T10:00:00.000Z', how: 'MET' as const },
      b: { at: '2026-11-20T10:00:02.000Z', how: 'LIFTED' as const },
    };
    expect(releaseLatencyMs(gates, '2026-11-20T10:00:02.250Z')).toBe(250);
    expect(releaseLatencyMs(gates, '2026-11-20T10:00:01.000Z')).toBeNull(); // released before: not counted
    expect(releaseLatencyMs({ ...gates, c: null }, '2026-11-20T10:00:03.000Z')).toBeNull(); // still held by c
    expect(releaseLatencyMs({}, '2026-11-20T10:00:03.000Z')).toBeNull(); // nothing gated it
    expect(releaseLatencyMs(gates, null)).toBeNull();
  });

  it('gives count, median, p95 and a histogram whose counts add up to the count', () => {
    expect(latencyFigures([])).toMatchObject({ count: 0, median: null, p95: null });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 * 86_400_000 }), { maxLength: 60 }), (samples) => {
        const f = latencyFigures(samples);
        expect(f.histogram.reduce((s, b) => s + b.count, 0)).toBe(samples.length);
        if (samples.length) expect(f.median!).toBeLessThanOrEqual(f.p95!);
      }),
    );
  });
});
