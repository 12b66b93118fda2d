import { ValidationPipe } from '@nestjs/common';
import { toFieldErrors } from '@vf/contracts';
import { PageQuery, ParseOffice, paging, readableOffices } from './queries';

/** The query parameters as the global ValidationPipe (configureHttp) turns them into a PageQuery, or the field errors of its 400. */
async function parse(query: Record<string, unknown>) {
  const pipe = new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors) => ({ fieldErrors: toFieldErrors(errors) }),
  });
  try {
    return { ok: true as const, value: (await pipe.transform(query, { type: 'query', metatype: PageQuery })) as PageQuery };
  } catch (e) {
    return { ok: false as const, errors: (e as { fieldErrors: unknown }).fieldErrors };
  }
}

describe('paging query parameters', () => {
  it('takes whole numbers written plainly, and defaults what is missing', async () => {
    const parsed = await parse({ limit: '200', cursor: 'abc' });
    expect(parsed).toEqual({ ok: true, value: expect.objectContaining({ limit: 200, cursor: 'abc' }) });
    const empty = await parse({});
    expect(empty.ok && paging(empty.value)).toEqual({ limit: 50, cursor: undefined });
    expect(paging({ limit: 7 }, 20)).toEqual({ limit: 7, cursor: undefined });
  });

  const limit = { field: 'limit', reason: 'must be a whole number from 1 to 200' };
  const cursor = { field: 'cursor', reason: 'is not a cursor this list gave out' };
  it.each([
    [{ limit: '0' }, limit],
    [{ limit: '201' }, limit],
    [{ limit: '' }, limit],
    [{ limit: '0x10' }, limit],
    [{ limit: '1e2' }, limit],
    [{ limit: '1.5' }, limit],
    [{ limit: ' 5' }, limit],
    [{ limit: ['5', '6'] }, limit],
    [{ cursor: ['a', 'b'] }, cursor],
    [{ offset: '20' }, { field: 'offset', reason: 'property offset should not exist' }],
  ])('refuses %p with one reason naming the field', async (query, error) => {
    expect(await parse(query)).toEqual({ ok: false, errors: [error] });
  });

  it('refuses a parameter it does not know', async () => {
    expect(await parse({ page: '2' })).toEqual({ ok: false, errors: [{ field: 'page', reason: 'property page should not exist' }] });
  });
});

describe('office numbers and readable offices', () => {
  it('lets a four-digit office through and refuses anything else with a 400 naming the parameter', () => {
    expect(new ParseOffice().transform('0301')).toBe('0301');
    for (const bad of ['301', '03011', 'abcd', '03 1', '']) {
      try {
        new ParseOffice().transform(bad);
        throw new Error(`accepted ${bad}`);
      } catch (e) {
        expect((e as { getResponse(): unknown }).getResponse()).toEqual({
          statusCode: 400,
          message: 'invalid request',
          errors: [{ field: 'office', reason: 'must be a four-digit NAV office number' }],
        });
      }
    }
  });

  it('gives the payment team every office (null), everyone else the offices in the token', () => {
    expect(readableOffices({ ident: 'Z700007', role: 'payment-team', roles: ['payment-team'], offices: [] })).toBeNull();
    expect(readableOffices({ ident: 'Z300003', role: 'veileder', roles: ['veileder'], offices: ['0301'] })).toEqual(['0301']);
    expect(readableOffices({ ident: 'Z300003', role: 'auditor', roles: ['auditor', 'payment-team'], offices: [] })).toEqual([]);
  });
});
