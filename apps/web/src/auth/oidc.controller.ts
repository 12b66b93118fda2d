import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { NotFound } from '@vf/platform';
import { sessionFromToken } from '../session/session';
import { CookieRequest, CookieResponse, SessionStore } from '../session/session.store';
import { InjectWebConfig } from '../web-config.provider';
import { WebConfig } from '../web.config';
import { OidcClient, PendingSignIn } from './oidc.client';

const PENDING_COOKIE = 'vf_oidc';

interface Redirecting extends CookieResponse {
  redirect(url: string): void;
}

/** Production sign-in: GET /auth/login sends the browser to the identity provider, which returns it to /auth/callback. */
@Controller('auth')
export class OidcController {
  private readonly logger = new Logger('oidc');
  private readonly client: OidcClient | null;

  constructor(
    private readonly sessions: SessionStore,
    @InjectWebConfig() config: WebConfig,
  ) {
    this.client = config.oidc ? new OidcClient(config.oidc) : null;
  }

  private oidc(): OidcClient {
    if (!this.client) throw new NotFound('login', 'OpenID Connect sign-in is not configured here');
    return this.client;
  }

  @Get('login')
  async login(@Query('returnTo') returnTo: string | undefined, @Res() res: Redirecting) {
    // Only a path of this app: never an open redirect.
    const to = typeof returnTo === 'string' && /^\/(?!\/)[\w\-/.?=&%]*$/.test(returnTo) ? returnTo : '/';
    const { url, pending } = await this.oidc().start(to);
    await this.sessions.sealTransient(PENDING_COOKIE, pending, res, 600);
    res.redirect(url);
  }

  @Get('callback')
  async callback(
    @Query('code') code: string | undefined,
    @Query('state') state: string | undefined,
    @Req() req: CookieRequest,
    @Res() res: Redirecting,
  ) {
    const client = this.oidc();
    const pending = await this.sessions.openTransient<PendingSignIn>(PENDING_COOKIE, req, res);
    if (!pending || !code || state !== pending.state) {
      res.redirect('/logg-inn?feil=innlogging');
      return;
    }
    try {
      const token = await client.finish(code, pending);
      await this.sessions.write(res, sessionFromToken(token, 'oidc'));
      res.redirect(pending.returnTo);
    } catch (e) {
      this.logger.warn(`sign-in failed: ${(e as Error).message}`);
      res.redirect('/logg-inn?feil=innlogging');
    }
  }
}
