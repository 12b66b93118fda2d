import fc from 'fast-check';
import { fieldsWithControlCharacters } from './http';

describe('control characters in a request body', () => {
  it('names every field that holds one, at any depth, and only those', () => {
    const body = {
      caseId: 'K-1',
      payments: [{ purpose: 'RENT' }, { purpose: 'R\u0000ENT', payee: { name: 'A\u001bS' } }],
      text: 'line one\nline two\ttab',
    };
    expect(fieldsWithControlCharacters(body)).toEqual(['payments[1].purpose', 'payments[1].payee.name']);
  });

  it('lets through any text without them, tabs and line breaks included', () => {
    const printable = fc.string({ unit: fc.constantFrom(...'abcæøå ÆØÅ\t\n\r.,-1234'.split('')) });
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.array(printable)),
        (body) => fieldsWithControlCharacters(body).length === 0,
      ),
    );
  });
});
