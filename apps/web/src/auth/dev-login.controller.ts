import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, Matches } from 'class-validator';
import { IsActorIdent } from '@vf/contracts';
import { NotFound, ROLES, Role, signToken } from '@vf/platform';
import { sessionFromToken } from '../session/session';
import { CookieResponse, SessionStore } from '../session/session.store';
import { InjectWebConfig } from '../web-config.provider';
import { WebConfig } from '../web.config';

export class DevLoginRequest {
  @IsActorIdent()
  ident: string;

  @IsIn(ROLES, { message: `must be one of ${ROLES.join(', ')}` })
  role: Role;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @Matches(/^\d{4}$/, { each: true, message: 'each must be a four-digit NAV office number' })
  offices: string[];
}

/**
 * Development only ("hvem er du?"): signs a token with the dev key the services trust, for the
 * ident, role and offices picked. Answers 404 unless WEB_DEV_SIGNING_KEY_FILE is configured.
 */
@Controller('auth/dev-login')
export class DevLoginController {
  constructor(
    private readonly sessions: SessionStore,
    @InjectWebConfig() private readonly config: WebConfig,
  ) {}

  @Post()
  @HttpCode(200)
  async signIn(@Body() body: DevLoginRequest, @Res({ passthrough: true }) res: CookieResponse) {
    const dev = this.config.dev;
    if (!dev) throw new NotFound('dev-login', 'development sign-in is not configured here');
    const token = signToken(dev.privateKeyPem, {
      ident: body.ident,
      roles: [body.role],
      offices: body.offices,
      issuer: dev.issuer,
      audience: dev.audience,
      ttlSeconds: 8 * 3600,
    });
    const session = sessionFromToken(token, 'dev');
    await this.sessions.write(res, session);
    return { ident: session.ident, roles: session.roles, offices: session.offices };
  }
}
