import { WebConfigError, loadWebConfig } from './web.config';

const DEV_KEY = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n';
const OIDC = {
  OIDC_ISSUER_URL: 'https://login.example.org/tenant/v2.0',
  OIDC_CLIENT_ID: 'vilkarsflyt-web',
  OIDC_CLIENT_SECRET: 'secret',
  OIDC_REDIRECT_URI: 'https://vilkarsflyt.intern.example/auth/callback',
  WEB_SESSION_SECRET: 'ab'.repeat(32),
};

const problems = (env: NodeJS.ProcessEnv): string[] => {
  try {
    loadWebConfig(env);
    return [];
  } catch (e) {
    if (e instanceof WebConfigError) return e.problems;
    throw e;
  }
};

describe('the web app configuration', () => {
  it('refuses to start with neither development sign-in nor OpenID Connect', () => {
    expect(problems({})).toEqual([
      expect.stringMatching(
        /^sign-in: set OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_REDIRECT_URI .* or WEB_DEV_SIGNING_KEY_FILE/,
      ),
    ]);
  });

  it('starts with the development key alone, on plain defaults', () => {
    const c = loadWebConfig({ WEB_DEV_SIGNING_KEY_PEM: DEV_KEY });
    expect(c).toMatchObject({ port: 3000, dev: { issuer: 'vilkarsflyt-dev', audience: 'vilkarsflyt' }, oidc: null, secureCookies: true });
    expect(c.services).toEqual({
      decision: 'http://127.0.0.1:3001',
      'follow-up': 'http://127.0.0.1:3002',
      payout: 'http://127.0.0.1:3003',
    });
    expect(c.sessionKey).toHaveLength(32);
  });

  it('starts with OpenID Connect, which needs a shared session secret', () => {
    expect(loadWebConfig(OIDC)).toMatchObject({ dev: null, oidc: { clientId: 'vilkarsflyt-web', scope: 'openid' } });
    expect(problems({ ...OIDC, WEB_SESSION_SECRET: undefined })).toEqual([expect.stringMatching(/^WEB_SESSION_SECRET: missing/)]);
  });

  it('names every missing or malformed variable, one line each', () => {
    expect(
      problems({
        OIDC_ISSUER_URL: 'not a url',
        OIDC_CLIENT_ID: 'x',
        WEB_PORT: 'eighty',
        PAYOUT_URL: 'ftp://x',
        WEB_SESSION_SECRET: 'short',
        WEB_UPSTREAM_TIMEOUT_MS: '0',
      }),
    ).toEqual([
      'WEB_PORT: must be a port number',
      'PAYOUT_URL: must be an http(s) URL',
      expect.stringMatching(/^OIDC_CLIENT_SECRET: missing/),
      expect.stringMatching(/^OIDC_REDIRECT_URI: missing/),
      'WEB_SESSION_SECRET: must be 64 hexadecimal digits (32 random bytes)',
      'WEB_UPSTREAM_TIMEOUT_MS: must be a positive whole number',
    ]);
  });

  it('refuses a development key that is not a private key', () => {
    expect(problems({ WEB_DEV_SIGNING_KEY_PEM: '-----BEGIN PUBLIC KEY-----' })).toEqual([
      expect.stringMatching(/must be a PEM private key/),
    ]);
  });
});
