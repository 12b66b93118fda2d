import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';

export const CSRF_HEADER = 'x-requested-with';
export const CSRF_VALUE = 'vilkarsflyt-web';

/**
 * Every request that changes something must carry X-Requested-With: vilkarsflyt-web. A page of
 * another site cannot set it without a CORS preflight, which this app never grants; together with
 * SameSite=Strict on the session cookie, no other site can act with the user's session.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ method: string; headers: Record<string, string | undefined> }>();
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method)) return true;
    if (req.headers[CSRF_HEADER] === CSRF_VALUE) return true;
    throw new ForbiddenException({
      statusCode: 403,
      message: 'forbidden',
      errors: [{ field: 'X-Requested-With', reason: `must be ${CSRF_VALUE}` }],
    });
  }
}
