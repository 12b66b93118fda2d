import { BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { AsyncLocalStorage } from 'async_hooks';
import { createHash } from 'crypto';
import type { ErrorBody } from '../http';

/** The request header a client sets to make a POST safe to retry. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Visible ASCII only (no spaces, no control characters), 1–200 characters: a UUID fits, and so does a caller's own scheme. */
const KEY = /^[\x21-\x7E]{1,200}$/;

/** A retry's key, as the client sent it: refused (400, naming the header, never echoing it) unless it is 1–200 visible ASCII characters. */
export function parseIdempotencyKey(header: string | string[]): string {
  if (typeof header === 'string' && KEY.test(header)) return header;
  throw new BadRequestException({
    statusCode: 400,
    message: 'invalid request',
    errors: [{ field: IDEMPOTENCY_HEADER, reason: 'must be 1–200 visible ASCII characters (e.g. a UUID), sent once' }],
  } satisfies ErrorBody);
}

/** The same key with another request (another body, route or method): 422, naming the header. */
export function keyUsedForAnotherRequest(): UnprocessableEntityException {
  return new UnprocessableEntityException({
    statusCode: 422,
    message: 'idempotency key reused',
    errors: [{ field: IDEMPOTENCY_HEADER, reason: 'was already used for another request; send a new key with a new request' }],
  } satisfies ErrorBody);
}

/** JSON with every object's keys sorted, so that the same body sent with its fields in another order is the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** What makes two requests "the same": method, path (with its query) and body. */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

/** The key a request claims, for the handler's transaction to store together with the change it makes. */
export interface IdempotencyClaim {
  /** Who asked (the token's NAV-ident): keys are the caller's own. */
  caller: string;
  key: string;
  fingerprint: string;
  method: string;
  path: string;
  /** The status the endpoint answers with when it succeeds. */
  status: number;
  /** Set once the answer is stored. */
  stored: boolean;
}

/** The claim of the request being handled, if it carries a key (set by IdempotencyInterceptor around the handler). */
export const idempotencyClaims = new AsyncLocalStorage<IdempotencyClaim>();

/** Thrown inside the handler's transaction when another request with the same key committed first; the interceptor answers as that one did. */
export class AlreadyAnswered extends Error {
  constructor() {
    super('this idempotency key has been answered by a concurrent request');
  }
}
