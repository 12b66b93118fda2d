import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ErrorBody } from './http';

/**
 * The largest request body taken, in bytes. The largest a form can make is a decision with 100
 * conditions of 2,000 characters each (about 430 kB with Norwegian letters); 512 kB leaves room for that.
 */
export const MAX_BODY_BYTES = 512 * 1024;

/** No request shape nests deeper than a few levels; a body that does is refused before anything walks it (recursion could overflow the stack). */
export const MAX_BODY_DEPTH = 16;

/** Whether a parsed JSON value nests arrays and objects deeper than `max`; walks without recursion. */
export function depthExceeds(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

interface BodyRequest {
  method: string;
  headers: Record<string, string | string[] | undefined>;
}
interface BodyResponse {
  headersSent: boolean;
  status(code: number): { json(body: unknown): void };
}
interface BodyParserError {
  status?: number;
  type?: string;
}

const refuse = (res: BodyResponse, statusCode: number, message: string, field: string, reason: string) =>
  res.status(statusCode).json({ statusCode, message, errors: [{ field, reason }] } satisfies ErrorBody);

/** A request with a body at all: a length above zero, or sent in chunks. */
const hasBody = (req: BodyRequest) =>
  req.headers['transfer-encoding'] !== undefined || (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * Bodies are JSON, at most MAX_BODY_BYTES: anything else is refused before a controller sees it, with
 * the usual error shape and never the text that was sent (the parser's own message quotes it):
 * a body of another type 400 naming Content-Type, too large 413, not JSON 400.
 */
export function limitBodies(app: INestApplication): void {
  const express = app as NestExpressApplication;
  express.use((req: BodyRequest, res: BodyResponse, next: () => void) => {
    const type = String(req.headers['content-type'] ?? '');
    if (req.method === 'GET' || req.method === 'HEAD' || !hasBody(req) || /^application\/json\s*(;|$)/i.test(type)) return next();
    refuse(res, 400, 'invalid request', 'Content-Type', 'must be application/json');
  });
  // Registered before Nest's own parsers, which then leave JSON to this one.
  express.useBodyParser('json', { limit: MAX_BODY_BYTES });
  express.use((req: BodyRequest & { body?: unknown }, res: BodyResponse, next: () => void) => {
    if (depthExceeds(req.body, MAX_BODY_DEPTH))
      return refuse(res, 400, 'invalid request', '(body)', `must not nest deeper than ${MAX_BODY_DEPTH} levels`);
    next();
  });
  express.use((err: BodyParserError, _req: BodyRequest, res: BodyResponse, next: (e?: unknown) => void) => {
    if (res.headersSent || typeof err?.type !== 'string') return next(err);
    if (err.type === 'entity.too.large')
      return refuse(res, 413, 'payload too large', '(body)', `must be at most ${MAX_BODY_BYTES / 1024} kB`);
    if (err.type === 'entity.parse.failed') return refuse(res, 400, 'invalid request', '(body)', 'must be valid JSON');
    refuse(res, 400, 'invalid request', '(body)', 'must be JSON in UTF-8');
  });
}
