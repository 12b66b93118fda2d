import fc from 'fast-check';
import { BadRequestException } from '@nestjs/common';
import { Pager, decodeCursor, encodeCursor } from './paging';

const fieldErrors = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return (e as BadRequestException).getResponse();
  }
  throw new Error('accepted');
};
const refused = {
  statusCode: 400,
  message: 'invalid request',
  errors: [{ field: 'cursor', reason: 'is not a cursor this list gave out' }],
};

describe('cursors', () => {
  const uuid = '0f0e0d0c-0b0a-4908-8706-050403020100';
  const ts = '2026-11-26T05:33:39.123456Z';

  it('given a key the list gave out, when it comes back, then it decodes to the same key', () => {
    fc.assert(
      fc.property(
        fc.option(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01') })),
        fc.string({ maxLength: 200 }),
        (d, text) => {
          const key = [d ? d.toISOString().slice(0, 10) : null, text, uuid];
          expect(decodeCursor('l', encodeCursor('l', key), ['date?', 'text', 'uuid'])).toEqual(key);
        },
      ),
    );
  });

  it.each([
    ['another list', encodeCursor('other', [ts, uuid])],
    ['a key of another shape', encodeCursor('l', [ts])],
    ['a malformed timestamp', encodeCursor('l', ['2026-11-26 05:33', uuid])],
    ['a number where text belongs', Buffer.from(JSON.stringify({ l: 'l', k: [ts, 7] })).toString('base64url')],
    ['a null the key does not allow', encodeCursor('l', [null, uuid])],
    ['not base64url', 'a+b/c='],
    ['not JSON', Buffer.from('{l:').toString('base64url')],
    ['too long', 'a'.repeat(601)],
    ['SQL', encodeCursor('l', [ts, "x' OR 1=1 --"])],
  ])('given %s, when decoded, then a 400 names the cursor and never echoes it', (_, cursor) => {
    expect(fieldErrors(() => decodeCursor('l', cursor, ['ts', 'uuid']))).toEqual(refused);
  });

  it('given any string at all, when decoded, then it is a key of the right shape or a 400, never another error', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.base64String().map((s) => s.replace(/=+$/, '')),
        ),
        (cursor) => {
          try {
            const key = decodeCursor('l', cursor, ['ts', 'uuid']);
            expect(key).toHaveLength(2);
          } catch (e) {
            expect(e).toBeInstanceOf(BadRequestException);
          }
        },
      ),
    );
  });

  it('given rows fetched one past the limit, then a page of limit rows and a cursor at its last row; fewer rows, no cursor', () => {
    const pager = new Pager<{ id: string }>('l', ['text'], (r) => [r.id]);
    const rows = ['a', 'b', 'c'].map((id) => ({ id }));
    const page = pager.page(rows, 2);
    expect(page.rows).toEqual(rows.slice(0, 2));
    expect(pager.after(page.nextCursor!)).toEqual(['b']);
    expect(pager.page(rows, 3)).toEqual({ rows, nextCursor: null });
    expect(pager.after(undefined)).toBeNull();
  });
});
