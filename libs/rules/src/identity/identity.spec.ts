import fc from 'fast-check';
import { isValidAccountNumber } from './account-number';
import { isValidActorIdent } from './actor-ident';
import { completeNationalId, isValidNationalId, maskNationalId } from './national-id';

describe('national identity number (fødselsnummer)', () => {
  it.each([
    ['01010012356', 'ordinary'],
    ['15076500565', 'ordinary'],
    ['41010012420', 'D-number (day + 40)'],
    ['01410012339', 'H-number (month + 40)'],
    ['01810012311', 'synthetic test number (month + 80)'],
  ])('accepts %s (%s)', (value) => expect(isValidNationalId(value)).toBe(true));

  it.each([
    ['01010012357', 'second check digit off by one'],
    ['01010012346', 'first check digit wrong'],
    ['0101001235', 'ten digits'],
    ['010100123567', 'twelve digits'],
    ['0101001235a', 'a letter'],
    ['32010012345', 'day 32'],
  ])('rejects %s (%s)', (value) => expect(isValidNationalId(value)).toBe(false));

  it('rejects what is not a string', () => {
    expect(isValidNationalId(1010012356)).toBe(false);
    expect(isValidNationalId(undefined)).toBe(false);
  });

  it('property: changing any one digit of a valid number makes it invalid', () => {
    const nine = fc
      .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 99999 }))
      .map(([d, m, rest]) => `${String(d).padStart(2, '0')}${String(m).padStart(2, '0')}${String(rest).padStart(5, '0')}`);
    fc.assert(
      fc.property(nine, fc.nat(10), fc.integer({ min: 1, max: 9 }), (prefix, position, delta) => {
        const valid = completeNationalId(prefix);
        fc.pre(valid !== null);
        expect(isValidNationalId(valid)).toBe(true);
        const digits = [...valid!];
        digits[position] = String((Number(digits[position]) + delta) % 10);
        expect(isValidNationalId(digits.join(''))).toBe(false);
      }),
    );
  });

  it('masks all but the birth date', () => expect(maskNationalId('01010012356')).toBe('010100*****'));
});

describe('account number and actor ident', () => {
  it('validates account numbers with mod 11', () => {
    expect(isValidAccountNumber('12345678903')).toBe(true);
    expect(isValidAccountNumber('12345678904')).toBe(false);
    expect(isValidAccountNumber('1234567890')).toBe(false);
  });

  it('validates NAV-idents', () => {
    expect(isValidActorIdent('Z123456')).toBe(true);
    expect(isValidActorIdent('z123456')).toBe(false);
    expect(isValidActorIdent('Z12345')).toBe(false);
  });
});
