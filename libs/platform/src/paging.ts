import { BadRequestException } from '@nestjs/common';
import { ErrorBody } from './http';

/**
 * Cursor paging, one shape for every list: `?limit=&cursor=`, answered with the page and `nextCursor`
 * (null on the last page). The cursor is opaque to callers: base64url of the list's name and the sort
 * key of the last row given (keyset paging), so a page never repeats or skips a row that was there when
 * the walk began, whatever is inserted meanwhile, and costs the same deep in the list as at its start.
 */
export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;
export const CURSOR_REASON = 'is not a cursor this list gave out';
const MAX_CURSOR_LENGTH = 600;

/** The kinds of value a sort key is made of; `?` means it may be null. */
export type KeyPart = 'ts' | 'ts?' | 'date' | 'date?' | 'uuid' | 'text' | 'int';
export type KeyValue = string | null;

const PATTERNS: Record<'ts' | 'date' | 'uuid' | 'int', RegExp> = {
  ts: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  int: /^\d{1,19}$/,
};

/** SQL giving a timestamptz column as the cursor's text, to the microsecond PostgreSQL keeps (a JS Date keeps milliseconds). */
export const cursorTs = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export function encodeCursor(list: string, key: KeyValue[]): string {
  return Buffer.from(JSON.stringify({ l: list, k: key }), 'utf8').toString('base64url');
}

export const badCursor = () =>
  new BadRequestException({
    statusCode: 400,
    message: 'invalid request',
    errors: [{ field: 'cursor', reason: CURSOR_REASON }],
  } satisfies ErrorBody);

/** The sort key a cursor carries, checked against the list it must come from and the shape of its key; anything else is a 400 naming `cursor`. */
export function decodeCursor(list: string, cursor: string, shape: readonly KeyPart[]): KeyValue[] {
  if (cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor();
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof parsed !== 'object' || parsed === null || (parsed as { l?: unknown }).l !== list) throw badCursor();
  const key = (parsed as { k?: unknown }).k;
  if (!Array.isArray(key) || key.length !== shape.length) throw badCursor();
  shape.forEach((part, i) => {
    const value: unknown = key[i];
    const nullable = part.endsWith('?');
    if (value === null && nullable) return;
    if (typeof value !== 'string') throw badCursor();
    const base = part.replace('?', '') as keyof typeof PATTERNS | 'text';
    if (base === 'text' ? value.length > 200 : !PATTERNS[base].test(value)) throw badCursor();
  });
  return key as KeyValue[];
}

/** A list's paging: its name (a cursor of one list is refused by another) and the shape of its sort key. */
export class Pager<Row> {
  constructor(
    readonly list: string,
    readonly shape: readonly KeyPart[],
    private readonly keyOf: (row: Row) => KeyValue[],
  ) {}

  /** The key after which the page starts, or null for the first page. */
  after(cursor: string | undefined): KeyValue[] | null {
    return cursor === undefined ? null : decodeCursor(this.list, cursor, this.shape);
  }

  /** Rows fetched with LIMIT limit + 1: the page, and a cursor when there is more. */
  page<R extends Row>(rows: R[], limit: number): { rows: R[]; nextCursor: string | null } {
    if (rows.length <= limit) return { rows, nextCursor: null };
    const kept = rows.slice(0, limit);
    return { rows: kept, nextCursor: encodeCursor(this.list, this.keyOf(kept[kept.length - 1])) };
  }
}
