import fc from 'fast-check';
import { canonicalJson, parseIdempotencyKey, requestFingerprint } from './idempotency-key';
import { depthExceeds } from '../body-limits';

const shuffledKeys = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(shuffledKeys);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([k, v]) => [k, shuffledKeys(v)]),
    );
  return value;
};

describe('what makes two requests the same', () => {
  it('given the same body with its keys in another order, when fingerprinted, then the fingerprints are equal', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (body) => {
        expect(requestFingerprint('POST', '/decisions', shuffledKeys(body))).toBe(requestFingerprint('post', '/decisions', body));
        expect(JSON.parse(canonicalJson(body))).toEqual(JSON.parse(JSON.stringify(body)));
      }),
    );
  });

  it('given another body, path or method, when fingerprinted, then the fingerprint differs', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        fc.pre(canonicalJson(a) !== canonicalJson(b));
        expect(requestFingerprint('POST', '/x', a)).not.toBe(requestFingerprint('POST', '/x', b));
      }),
    );
    expect(requestFingerprint('POST', '/x', {})).not.toBe(requestFingerprint('POST', '/y', {}));
    expect(requestFingerprint('POST', '/x', {})).not.toBe(requestFingerprint('PUT', '/x', {}));
  });
});

describe('an Idempotency-Key header', () => {
  it('takes 1–200 visible ASCII characters and refuses anything else, naming the header only', () => {
    expect(parseIdempotencyKey('3f1c2a54-0a4e-4b8e-9d6b-1e2f3a4b5c6d')).toBe('3f1c2a54-0a4e-4b8e-9d6b-1e2f3a4b5c6d');
    expect(parseIdempotencyKey('x'.repeat(200))).toHaveLength(200);
    for (const bad of ['', 'x'.repeat(201), 'a b', 'nul\u0000', 'æøå', ['a', 'b']]) {
      try {
        parseIdempotencyKey(bad);
        throw new Error('accepted');
      } catch (e) {
        const body = (e as { getResponse(): { errors: Array<{ field: string; reason: string }> } }).getResponse();
        expect(body.errors).toEqual([{ field: 'Idempotency-Key', reason: expect.any(String) }]);
        if (typeof bad === 'string' && bad.length > 3) expect(JSON.stringify(body)).not.toContain(bad);
      }
    }
  });
});

describe('body nesting', () => {
  it('given a body nested n levels, when checked against a limit, then it exceeds exactly when n > limit, without recursion', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 30 }), (n, limit) => {
        let v: unknown = 'leaf';
        for (let i = 0; i < n; i++) v = i % 2 ? [v] : { k: v };
        expect(depthExceeds(v, limit)).toBe(n > limit);
      }),
    );
    let deep: unknown = [];
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(depthExceeds(deep, 16)).toBe(true);
  });
});
