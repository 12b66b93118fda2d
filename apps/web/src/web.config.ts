import { randomBytes } from 'crypto';
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { DEV_AUDIENCE, DEV_ISSUER } from '@vf/platform';

/** Where the browser's API calls go: one base URL per service. */
export type ServiceKey = 'decision' | 'follow-up' | 'payout';
export const SERVICE_KEYS: readonly ServiceKey[] = ['decision', 'follow-up', 'payout'];

export interface OidcConfig {
  /** The identity provider's issuer; its discovery document is at <issuer>/.well-known/openid-configuration. */
  issuerUrl: string;
  clientId: string;
  clientSecret: string;
  /** This app's callback, e.g. https://vilkarsflyt.intern.nav.no/auth/callback */
  redirectUri: string;
  /** Must ask for an access token the services accept (their AUTH_AUDIENCE), e.g. "openid api://vilkarsflyt/.default". */
  scope: string;
}

export interface DevSignInConfig {
  /** The private half of the dev key the services trust (AUTH_PUBLIC_KEY_FILE); only for development. */
  privateKeyPem: string;
  issuer: string;
  audience: string;
}

export interface WebConfig {
  port: number;
  host: string;
  services: Record<ServiceKey, string>;
  /** The built browser app (index.html and assets). */
  staticDir: string;
  /** 32 bytes that encrypt the session cookie. */
  sessionKey: Uint8Array;
  /** Cookies only over HTTPS: on unless WEB_INSECURE_COOKIES=1 (local development over plain HTTP). */
  secureCookies: boolean;
  /** Requests to a service give up after this long (504). */
  upstreamTimeoutMs: number;
  dev: DevSignInConfig | null;
  oidc: OidcConfig | null;
}

export class WebConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

const url = (name: string, value: string | undefined, fallback: string | undefined, problems: string[]): string => {
  const v = value ?? fallback;
  if (!v) {
    problems.push(`${name}: missing`);
    return '';
  }
  try {
    const u = new URL(v);
    if (!/^https?:$/.test(u.protocol)) throw new Error();
    return v.replace(/\/$/, '');
  } catch {
    problems.push(`${name}: must be an http(s) URL`);
    return '';
  }
};

/**
 * The web app's settings, checked all at once: each problem is one line naming the variable, and
 * the app refuses to start with any. Sign-in is development (WEB_DEV_SIGNING_KEY_FILE or _PEM) or
 * OpenID Connect (OIDC_*), and at least one must be configured.
 */
export function loadWebConfig(env: NodeJS.ProcessEnv): WebConfig {
  const problems: string[] = [];
  const port = Number(env.WEB_PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push('WEB_PORT: must be a port number');
  const services = {
    decision: url('DECISION_URL', env.DECISION_URL, `http://127.0.0.1:${env.DECISION_PORT ?? 3001}`, problems),
    'follow-up': url('FOLLOW_UP_URL', env.FOLLOW_UP_URL, `http://127.0.0.1:${env.FOLLOW_UP_PORT ?? 3002}`, problems),
    payout: url('PAYOUT_URL', env.PAYOUT_URL, `http://127.0.0.1:${env.PAYOUT_PORT ?? 3003}`, problems),
  };

  let dev: DevSignInConfig | null = null;
  const devPem = env.WEB_DEV_SIGNING_KEY_PEM ?? readIfSet(env.WEB_DEV_SIGNING_KEY_FILE, 'WEB_DEV_SIGNING_KEY_FILE', problems);
  if (devPem !== undefined) {
    if (!devPem.includes('PRIVATE KEY')) problems.push('WEB_DEV_SIGNING_KEY_FILE / WEB_DEV_SIGNING_KEY_PEM: must be a PEM private key');
    dev = { privateKeyPem: devPem, issuer: env.AUTH_ISSUER ?? DEV_ISSUER, audience: env.AUTH_AUDIENCE ?? DEV_AUDIENCE };
  }

  let oidc: OidcConfig | null = null;
  const oidcVars = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URI'] as const;
  if (oidcVars.some((v) => env[v])) {
    for (const v of oidcVars) if (!env[v]) problems.push(`${v}: missing (OpenID Connect needs all of ${oidcVars.join(', ')})`);
    oidc = {
      issuerUrl: url('OIDC_ISSUER_URL', env.OIDC_ISSUER_URL, undefined, []),
      clientId: env.OIDC_CLIENT_ID ?? '',
      clientSecret: env.OIDC_CLIENT_SECRET ?? '',
      redirectUri: env.OIDC_REDIRECT_URI ?? '',
      scope: env.OIDC_SCOPE ?? 'openid',
    };
  }
  if (!dev && !oidc) {
    problems.push(
      'sign-in: set OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI (production) or WEB_DEV_SIGNING_KEY_FILE (development)',
    );
  }

  let sessionKey = new Uint8Array();
  const secret = env.WEB_SESSION_SECRET;
  if (secret !== undefined) {
    if (!/^[0-9a-f]{64}$/i.test(secret)) problems.push('WEB_SESSION_SECRET: must be 64 hexadecimal digits (32 random bytes)');
    else sessionKey = Uint8Array.from(Buffer.from(secret, 'hex'));
  } else if (oidc) {
    problems.push('WEB_SESSION_SECRET: missing (required with OpenID Connect, so that every instance reads the same sessions)');
  } else {
    // Development only: sessions last until the web app restarts.
    sessionKey = Uint8Array.from(randomBytes(32));
  }

  const timeout = Number(env.WEB_UPSTREAM_TIMEOUT_MS ?? 10_000);
  if (!Number.isInteger(timeout) || timeout <= 0) problems.push('WEB_UPSTREAM_TIMEOUT_MS: must be a positive whole number');

  if (problems.length) throw new WebConfigError(problems);
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    services,
    staticDir: resolve(env.WEB_STATIC_DIR ?? 'dist/web-client'),
    sessionKey,
    secureCookies: env.WEB_INSECURE_COOKIES !== '1',
    upstreamTimeoutMs: timeout,
    dev,
    oidc,
  };
}

function readIfSet(file: string | undefined, name: string, problems: string[]): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    problems.push(`${name}: cannot read the file`);
    return '';
  }
}
