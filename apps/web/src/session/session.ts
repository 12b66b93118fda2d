import { EncryptJWT, decodeJwt, jwtDecrypt } from 'jose';

/**
 * Who is signed in, kept in an encrypted, HttpOnly cookie: the browser can neither read nor change
 * it, and the token never reaches the page's JavaScript or its storage. The token is forwarded to
 * the services, which verify it themselves; what is shown of the user is read from it.
 */
export interface Session {
  token: string;
  ident: string;
  roles: string[];
  offices: string[];
  /** Seconds since the epoch, the token's own expiry. */
  expiresAt: number;
  via: 'dev' | 'oidc';
}

export const SESSION_COOKIE = 'vf_session';

/** Reads what to show of the user from a token (claims NAVident, roles, offices, exp). */
export function sessionFromToken(token: string, via: Session['via']): Session {
  const claims = decodeJwt(token);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const ident = typeof claims.NAVident === 'string' ? claims.NAVident : String(claims.sub ?? '');
  return { token, ident, roles: list(claims.roles), offices: list(claims.offices), expiresAt: Number(claims.exp ?? 0), via };
}

export async function sealSession(session: Session, key: Uint8Array): Promise<string> {
  return new EncryptJWT({ s: session })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(session.expiresAt)
    .encrypt(key);
}

/** The session in a cookie value, or null when it is missing, forged, or expired. */
export async function openSession(value: string | undefined, key: Uint8Array, now = Date.now()): Promise<Session | null> {
  if (!value) return null;
  try {
    const { payload } = await jwtDecrypt(value, key, { currentDate: new Date(now) });
    const s = payload.s as Session | undefined;
    if (!s || typeof s.token !== 'string' || s.expiresAt * 1000 <= now) return null;
    return s;
  } catch {
    return null;
  }
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds: number;
  path?: string;
  sameSite?: 'Strict' | 'Lax';
}

export function cookie(name: string, value: string, o: CookieOptions): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${o.path ?? '/'}`,
    'HttpOnly',
    `SameSite=${o.sameSite ?? 'Strict'}`,
    `Max-Age=${Math.max(0, Math.floor(o.maxAgeSeconds))}`,
    ...(o.secure ? ['Secure'] : []),
  ].join('; ');
}
