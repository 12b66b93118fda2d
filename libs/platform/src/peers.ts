import { BadRequestException, HttpException, PipeTransform } from '@nestjs/common';
import { ErrorBody } from './http';
import { ServiceName } from './config';
import { currentCorrelationId } from './observability/context';

/** Where the other services answer HTTP: `<SERVICE>_URL`, else 127.0.0.1 on its port. The test harness fills them in as it starts them. */
export type PeerUrls = Record<ServiceName, string>;
export const PEER_URLS = Symbol('PEER_URLS');

/** The peer did not answer, or answered with a 5xx: what it knows cannot be told. */
export class PeerUnavailable extends Error {}

/**
 * Asks another service, on behalf of the user, with the user's own token: the peer checks the role
 * and office itself. A 4xx from the peer is passed on as it came (its errors name the fields); no
 * answer within `timeoutMs`, a network error or a 5xx is a PeerUnavailable.
 */
export async function askPeer<T>(
  baseUrl: string,
  path: string,
  init: { method: 'GET' | 'POST'; authorization: string; body?: unknown; timeoutMs?: number },
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`${baseUrl}${path}`, {
      method: init.method,
      headers: {
        authorization: init.authorization,
        // The peer's log lines for this question carry the asking request's correlation id.
        ...(currentCorrelationId() ? { 'x-correlation-id': currentCorrelationId()! } : {}),
        ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      signal: AbortSignal.timeout(init.timeoutMs ?? 5_000),
    });
  } catch (e) {
    throw new PeerUnavailable(`${baseUrl} did not answer: ${e instanceof Error ? e.name : 'error'}`);
  }
  if (response.status >= 500) throw new PeerUnavailable(`${baseUrl} answered ${response.status}`);
  const body = (await response.json().catch(() => null)) as unknown;
  if (response.status >= 400) {
    const error =
      body && typeof body === 'object' && 'errors' in body
        ? (body as ErrorBody)
        : { statusCode: response.status, message: 'refused', errors: [] };
    throw new HttpException(error, response.status);
  }
  return body as T;
}

/**
 * The parsed flag. Typed so that its parameter metadata is not `Boolean`: the global ValidationPipe
 * would otherwise turn every value but "true" into false before this pipe sees it ("yes" would run for real).
 */
export type DryRun = boolean & { readonly __dryRun?: never };

/**
 * `?dryRun=true`: answer what the request would do, and do nothing. Only `true` and `false` are
 * taken; anything else is a 400 naming the field. With `offered: false`, `true` is refused, so a
 * client asking for a preview the endpoint does not give never changes anything by mistake.
 */
export class ParseDryRun implements PipeTransform<unknown, DryRun> {
  constructor(private readonly offered = true) {}
  transform(value: unknown): DryRun {
    if (value === undefined || value === 'false') return false;
    const refuse = (reason: string) =>
      new BadRequestException({ statusCode: 400, message: 'invalid request', errors: [{ field: 'dryRun', reason }] } satisfies ErrorBody);
    if (value !== 'true') throw refuse('must be true or false');
    if (!this.offered) throw refuse('this action offers no dry run');
    return true;
  }
}

/** The one thing a dry run needs of the HTTP response: to answer 200 where the real action answers 201. */
export interface ResponseStatus {
  status(code: number): unknown;
}
