import { createParamDecorator, ExecutionContext, HttpException } from '@nestjs/common';
import { isValidActorIdent } from '@vf/rules';

/**
 * The NAV-ident of whoever acts. In this slice it comes from the `X-Actor-Ident` header; the
 * identity issue replaces it with the verified claim of a bearer token (never the request body).
 */
export const ActorIdent = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const value = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['x-actor-ident'];
  if (!isValidActorIdent(value)) {
    throw new HttpException(
      { statusCode: 400, message: 'invalid request', errors: [{ field: 'X-Actor-Ident', reason: 'must be a NAV-ident: one capital letter and six digits' }] },
      400,
    );
  }
  return value as string;
});
