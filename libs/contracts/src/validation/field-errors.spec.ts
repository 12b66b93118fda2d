import { DecisionIssuedV1 } from '../events/decision-issued.v1';
import { PaymentReleasedV1 } from '../events/payment-released.v1';
import { validatePlain } from './field-errors';

// Found by the schema agreement property (schema/class-schema.spec.ts): class-transformer threw a
// TypeError on `[null]` where a discriminated object belongs, so parseEvent threw instead of refusing.
describe('validatePlain', () => {
  it.each<[string, new () => object, Record<string, unknown>]>([
    ['a payee', PaymentReleasedV1, { payee: [null] }],
    ['a requirement', DecisionIssuedV1, { conditions: [{ requirement: [null] }] }],
  ])('refuses [null] where %s belongs instead of throwing', (_what, cls, plain) => {
    expect(validatePlain(cls, plain)).toEqual({
      ok: false,
      errors: expect.arrayContaining([expect.objectContaining({ field: '(body)' })]),
    });
  });
});
