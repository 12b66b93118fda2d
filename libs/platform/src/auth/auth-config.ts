import { readFileSync } from 'fs';

/**
 * Which tokens a service trusts. Production: AUTH_JWKS_URL of the organisation's identity provider.
 * Development and tests: a configured public key (AUTH_PUBLIC_KEY_PEM or AUTH_PUBLIC_KEY_FILE), e.g.
 * the local dev key that `npm run token` signs with. Nothing is trusted unless configured: a service
 * without this configuration refuses to start.
 */
export interface AuthConfig {
  issuer: string;
  audience: string;
  jwksUrl?: string;
  publicKeyPem?: string;
  /** Accepted clock skew in seconds. */
  clockToleranceSeconds: number;
}

export function loadAuthConfig(env: NodeJS.ProcessEnv): AuthConfig {
  const issuer = env.AUTH_ISSUER;
  const audience = env.AUTH_AUDIENCE;
  const jwksUrl = env.AUTH_JWKS_URL;
  const publicKeyPem = env.AUTH_PUBLIC_KEY_PEM ?? (env.AUTH_PUBLIC_KEY_FILE ? readFileSync(env.AUTH_PUBLIC_KEY_FILE, 'utf8') : undefined);
  if (!issuer || !audience || (!jwksUrl && !publicKeyPem)) {
    throw new Error('set AUTH_ISSUER, AUTH_AUDIENCE and one of AUTH_JWKS_URL, AUTH_PUBLIC_KEY_PEM, AUTH_PUBLIC_KEY_FILE');
  }
  return { issuer, audience, jwksUrl, publicKeyPem, clockToleranceSeconds: Number(env.AUTH_CLOCK_TOLERANCE_SECONDS ?? 30) };
}
