import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { Observable, from, lastValueFrom } from 'rxjs';
import { DataSource } from 'typeorm';
import { Actor } from '../auth/actor';
import {
  AlreadyAnswered,
  IdempotencyClaim,
  idempotencyClaims,
  keyUsedForAnotherRequest,
  parseIdempotencyKey,
  requestFingerprint,
} from './idempotency-key';

interface KeyedRequest {
  method: string;
  originalUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
  actor?: Actor;
}
interface KeyedResponse {
  setHeader(name: string, value: string): unknown;
}
interface StoredAnswer {
  fingerprint: string;
  status: number;
  response: string | null;
}

/**
 * Idempotency-Key on every POST: the same key from the same caller with the same request (method,
 * path, body) gets the first answer again and changes nothing; with another request it is a 422.
 * Only answers of requests that changed something are kept: a refused request or a preview changed nothing and may be sent again.
 * The key is stored by the handler's own transaction (idempotentTransaction), together with the change.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly dataSource: DataSource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<KeyedRequest>();
    const header = req.headers['idempotency-key'];
    if (req.method !== 'POST' || header === undefined || !req.actor) return next.handle();
    const key = parseIdempotencyKey(header);
    const res = context.switchToHttp().getResponse<KeyedResponse>();
    const status = (Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as number | undefined) ?? 201;
    const claim: IdempotencyClaim = {
      caller: req.actor.ident,
      key,
      fingerprint: requestFingerprint(req.method, req.originalUrl, req.body),
      method: req.method,
      path: req.originalUrl,
      status,
      stored: false,
    };
    return from(this.handle(claim, res, next));
  }

  private async handle(claim: IdempotencyClaim, res: KeyedResponse, next: CallHandler): Promise<unknown> {
    const earlier = await this.find(claim);
    if (earlier) return this.replay(earlier, claim, res);
    try {
      // Only a change keeps its answer (idempotentTransaction stores it with the change). An answer that
      // changed nothing, such as a preview (?dryRun=true), is simply given again on a retry.
      return await idempotencyClaims.run(claim, () => lastValueFrom(next.handle(), { defaultValue: undefined }));
    } catch (e) {
      if (!(e instanceof AlreadyAnswered)) throw e;
      const first = await this.find(claim);
      if (!first) throw e;
      return this.replay(first, claim, res);
    }
  }

  private async find(claim: IdempotencyClaim): Promise<StoredAnswer | null> {
    const rows: StoredAnswer[] = await this.dataSource.query(
      `SELECT fingerprint, status, response FROM idempotency_key WHERE caller = $1 AND key = $2`,
      [claim.caller, claim.key],
    );
    return rows[0] ?? null;
  }

  private replay(earlier: StoredAnswer, claim: IdempotencyClaim, res: KeyedResponse): unknown {
    if (earlier.fingerprint !== claim.fingerprint) throw keyUsedForAnotherRequest();
    res.setHeader('idempotent-replayed', 'true');
    return earlier.response === null ? undefined : JSON.parse(earlier.response);
  }
}
