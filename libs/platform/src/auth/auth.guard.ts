import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  SetMetadata,
  UnauthorizedException,
  createParamDecorator,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Actor, Role, mayActForOffice } from './actor';
import { InvalidToken, TokenVerifier } from './token-verifier';

export const ROLES_KEY = 'vilkarsflyt:roles';
export const PUBLIC_KEY = 'vilkarsflyt:public';
export const TOKEN_VERIFIER = Symbol('TOKEN_VERIFIER');

/** The roles an endpoint accepts. An endpoint without it (and not @Public) refuses everybody. */
export const Allow = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** The roles an endpoint accepts, as @Allow set them on the method or its controller (for tools and tests that walk the routes). */
export const allowedRoles = (handler: object, controller: object): Role[] =>
  (Reflect.getMetadata(ROLES_KEY, handler) as Role[] | undefined) ??
  (Reflect.getMetadata(ROLES_KEY, controller) as Role[] | undefined) ??
  [];
/** Health checks only. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

interface RequestWithActor {
  headers: Record<string, string | undefined>;
  actor?: Actor;
}

export function unauthorized(reason: string): UnauthorizedException {
  return new UnauthorizedException({ statusCode: 401, message: 'unauthorized', errors: [{ field: 'Authorization', reason }] });
}

/** One 403 for "not your office", whether or not the thing asked for exists. */
export function forbiddenOffice(): ForbiddenException {
  return new ForbiddenException({
    statusCode: 403,
    message: 'forbidden',
    errors: [{ field: 'office', reason: 'not among the offices you work for' }],
  });
}

export function assertOfficeAccess(actor: Actor, office: string): void {
  if (!mayActForOffice(actor, office)) throw forbiddenOffice();
}

/** Verifies the bearer token and the endpoint's roles before anything else runs (pipes, handlers). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<RequestWithActor>();
    const header = request.headers.authorization;
    if (!header || !/^Bearer\s+\S+$/i.test(header)) throw unauthorized('a bearer token is required');
    let claims;
    try {
      claims = await this.verifier.verify(header.replace(/^Bearer\s+/i, ''));
    } catch (e) {
      if (e instanceof InvalidToken) throw unauthorized(e.message);
      throw e;
    }
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    const role = allowed.find((r) => claims.roles.includes(r));
    if (!role) {
      throw new ForbiddenException({
        statusCode: 403,
        message: 'forbidden',
        errors: [{ field: 'role', reason: allowed.length ? `needs one of: ${allowed.join(', ')}` : 'this endpoint accepts no role' }],
      });
    }
    request.actor = { ident: claims.ident, role, roles: claims.roles, offices: claims.offices };
    return true;
  }
}

/** The verified actor of this request (set by AuthGuard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw unauthorized('no verified actor');
  return actor;
});
