import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { CookieRequest, CookieResponse, SessionStore } from '../session/session.store';
import { InjectWebConfig } from '../web-config.provider';
import { WebConfig } from '../web.config';

/** Who is signed in, how one may sign in, and signing out. */
@Controller('auth')
export class SessionController {
  constructor(
    private readonly sessions: SessionStore,
    @InjectWebConfig() private readonly config: WebConfig,
  ) {}

  @Get('methods')
  methods() {
    return { dev: this.config.dev !== null, oidc: this.config.oidc !== null };
  }

  @Get('session')
  async current(@Req() req: CookieRequest) {
    const s = await this.sessions.require(req);
    return { ident: s.ident, roles: s.roles, offices: s.offices, expiresAt: new Date(s.expiresAt * 1000).toISOString(), via: s.via };
  }

  @Post('logout')
  @HttpCode(204)
  logout(@Res({ passthrough: true }) res: CookieResponse): void {
    this.sessions.clear(res);
  }
}
