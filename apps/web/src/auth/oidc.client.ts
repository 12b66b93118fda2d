import { createHash, randomBytes } from 'crypto';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { OidcConfig } from '../web.config';

interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
  end_session_endpoint?: string;
}

/** What a sign-in in progress must remember between the redirect out and the callback. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
}

const b64url = (b: Buffer) => b.toString('base64url');

/**
 * OpenID Connect authorization code flow with PKCE, against the identity provider's discovery
 * document. The ID token is verified (signature from the provider's keys, issuer, audience, nonce);
 * the access token is what the services receive and verify themselves.
 */
export class OidcClient {
  private discovery: Promise<Discovery> | null = null;
  private jwks: ReturnType<typeof createRemoteJWKSet> | null = null;

  constructor(private readonly config: OidcConfig) {}

  private async discover(): Promise<Discovery> {
    this.discovery ??= fetch(`${this.config.issuerUrl}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(10_000) }).then(
      async (r) => {
        if (!r.ok) throw new Error(`OpenID Connect discovery answered ${r.status}`);
        return (await r.json()) as Discovery;
      },
    );
    try {
      return await this.discovery;
    } catch (e) {
      this.discovery = null; // try again next time
      throw e;
    }
  }

  async start(returnTo: string): Promise<{ url: string; pending: PendingSignIn }> {
    const d = await this.discover();
    const pending: PendingSignIn = {
      state: b64url(randomBytes(24)),
      nonce: b64url(randomBytes(24)),
      verifier: b64url(randomBytes(48)),
      returnTo,
    };
    const url = new URL(d.authorization_endpoint);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: this.config.redirectUri,
      scope: this.config.scope,
      state: pending.state,
      nonce: pending.nonce,
      code_challenge: b64url(createHash('sha256').update(pending.verifier).digest()),
      code_challenge_method: 'S256',
    }).toString();
    return { url: url.toString(), pending };
  }

  /** Exchanges the code for tokens; returns the access token once the ID token checks out. */
  async finish(code: string, pending: PendingSignIn): Promise<string> {
    const d = await this.discover();
    const res = await fetch(d.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: this.config.redirectUri,
        client_id: this.config.clientId,
        client_secret: this.config.clientSecret,
        code_verifier: pending.verifier,
      }),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`the token endpoint answered ${res.status}`);
    const tokens = (await res.json()) as { access_token?: string; id_token?: string };
    if (!tokens.access_token || !tokens.id_token) throw new Error('the token endpoint gave no access token or ID token');
    this.jwks ??= createRemoteJWKSet(new URL(d.jwks_uri));
    const { payload } = await jwtVerify(tokens.id_token, this.jwks, {
      issuer: d.issuer,
      audience: this.config.clientId,
      clockTolerance: 30,
    });
    if (payload.nonce !== pending.nonce) throw new Error('the ID token is not for this sign-in (nonce)');
    return tokens.access_token;
  }

  async endSessionUrl(): Promise<string | null> {
    return (await this.discover()).end_session_endpoint ?? null;
  }
}
