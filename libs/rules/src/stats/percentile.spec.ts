import fc from 'fast-check';
import { percentile } from './percentile';

describe('percentile (nearest rank)', () => {
  it.each([
    [[15, 20, 35, 40, 50], 50, 35],
    [[15, 20, 35, 40, 50], 95, 50],
    [[15, 20, 35, 40, 50], 20, 15],
    [[3, 1, 2], 50, 2],
    [[7], 95, 7],
  ])('%p at %i → %i', (values, p, expected) => expect(percentile(values, p)).toBe(expected));

  it('is null for no values and refuses a p outside (0, 100]', () => {
    expect(percentile([], 50)).toBeNull();
    expect(() => percentile([1], 0)).toThrow();
    expect(() => percentile([1], 101)).toThrow();
  });

  it('property: it is one of the values, and at least p% of the values are at or below it', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 100 }), (values, p) => {
        const q = percentile(values, p)!;
        expect(values).toContain(q);
        expect(values.filter((v) => v <= q).length / values.length).toBeGreaterThanOrEqual(p / 100);
        expect(values.filter((v) => v < q).length / values.length).toBeLessThan(p / 100);
      }),
    );
  });
});
