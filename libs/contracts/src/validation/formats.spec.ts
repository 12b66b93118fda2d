import fc from 'fast-check';
import { completeNationalId, isCalendarDate, isValidAccountNumber, isValidActorIdent, isValidNationalId } from '@vf/rules';
import { isAccountNumberV1, isActorIdentV1, isCalendarDateV1, isNationalIdV1 } from './formats';

// The v1 wire formats are written out in the contracts; today they must accept exactly what the rules accept.
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const runs = { numRuns: 5000 };

describe('v1 field formats agree with the rules', () => {
  it('fødselsnummer: any 11 digits, and numbers with valid control digits over every day and month field', () => {
    fc.assert(
      fc.property(digits(11), (v) => isNationalIdV1(v) === isValidNationalId(v)),
      runs,
    );
    const completed = fc
      .tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }), digits(5))
      .map(([dd, mm, rest]) => completeNationalId(`${String(dd).padStart(2, '0')}${String(mm).padStart(2, '0')}${rest}`))
      .filter((v): v is string => v !== null);
    fc.assert(
      fc.property(completed, (v) => isNationalIdV1(v) === isValidNationalId(v)),
      runs,
    );
  });

  it('account number, NAV-ident and calendar date', () => {
    fc.assert(
      fc.property(digits(11), (v) => isAccountNumberV1(v) === isValidAccountNumber(v)),
      runs,
    );
    const ident = fc.tuple(fc.constantFrom('A', 'Z', 'z', '1', ''), digits(6), fc.constantFrom('', '7')).map((p) => p.join(''));
    fc.assert(fc.property(ident, (v) => isActorIdentV1(v) === isValidActorIdent(v)));
    const date = fc
      .tuple(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    fc.assert(
      fc.property(date, (v) => isCalendarDateV1(v) === isCalendarDate(v)),
      runs,
    );
    for (const odd of [null, 20261127, '2026-2-1', '2026-02-29', '2024-02-29', ' 2026-01-01']) {
      expect(isCalendarDateV1(odd)).toBe(isCalendarDate(odd));
    }
  });
});
