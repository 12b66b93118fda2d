import { Injectable, UnauthorizedException } from '@nestjs/common';
import { InjectWebConfig } from '../web-config.provider';
import { WebConfig } from '../web.config';
import { SESSION_COOKIE, Session, cookie, openSession, readCookie, sealSession } from './session';

export interface CookieRequest {
  headers: Record<string, string | string[] | undefined>;
}
export interface CookieResponse {
  append(name: string, value: string): unknown;
}

/** Reads and writes the session cookie of a request. */
@Injectable()
export class SessionStore {
  constructor(@InjectWebConfig() private readonly config: WebConfig) {}

  async read(req: CookieRequest): Promise<Session | null> {
    const header = req.headers.cookie;
    return openSession(readCookie(Array.isArray(header) ? header.join('; ') : header, SESSION_COOKIE), this.config.sessionKey);
  }

  async require(req: CookieRequest): Promise<Session> {
    const session = await this.read(req);
    if (!session) {
      throw new UnauthorizedException({
        statusCode: 401,
        message: 'unauthorized',
        errors: [{ field: 'session', reason: 'not signed in, or the session has expired' }],
      });
    }
    return session;
  }

  async write(res: CookieResponse, session: Session): Promise<void> {
    const value = await sealSession(session, this.config.sessionKey);
    res.append(
      'Set-Cookie',
      cookie(SESSION_COOKIE, value, { secure: this.config.secureCookies, maxAgeSeconds: session.expiresAt - Date.now() / 1000 }),
    );
  }

  clear(res: CookieResponse): void {
    res.append('Set-Cookie', cookie(SESSION_COOKIE, '', { secure: this.config.secureCookies, maxAgeSeconds: 0 }));
  }

  /** Short-lived, encrypted state of a sign-in in progress (OpenID Connect). */
  async sealTransient(name: string, value: object, res: CookieResponse, seconds: number): Promise<void> {
    const expiresAt = Math.floor(Date.now() / 1000) + seconds;
    const sealed = await sealSession(
      { token: JSON.stringify(value), ident: '', roles: [], offices: [], expiresAt, via: 'oidc' },
      this.config.sessionKey,
    );
    // Lax: the identity provider sends the browser back with a cross-site navigation.
    res.append(
      'Set-Cookie',
      cookie(name, sealed, { secure: this.config.secureCookies, maxAgeSeconds: seconds, path: '/auth', sameSite: 'Lax' }),
    );
  }

  async openTransient<T>(name: string, req: CookieRequest, res: CookieResponse): Promise<T | null> {
    const header = req.headers.cookie;
    const s = await openSession(readCookie(Array.isArray(header) ? header.join('; ') : header, name), this.config.sessionKey);
    res.append('Set-Cookie', cookie(name, '', { secure: this.config.secureCookies, maxAgeSeconds: 0, path: '/auth', sameSite: 'Lax' }));
    return s ? (JSON.parse(s.token) as T) : null;
  }
}
