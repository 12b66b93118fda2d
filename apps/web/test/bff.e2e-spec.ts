import { INestApplication } from '@nestjs/common';
import { createHash, generateKeyPairSync, sign } from 'crypto';
import { AddressInfo } from 'net';
import { Server, createServer } from 'http';
import request from 'supertest';
import { System, startSystem, token } from '@vf/testing';
import { startWeb } from './web-harness';

// The backend-for-frontend over HTTP: sign-in (development and OpenID Connect), the session cookie,
// the CSRF header, and forwarding to the real services with the user's token.

let system: System;
let web: { app: INestApplication; url: string };
const CSRF = { 'x-requested-with': 'vilkarsflyt-web' };

beforeAll(async () => {
  system = await startSystem('bff');
  web = await startWeb(system);
}, 120_000);

afterAll(async () => {
  await web?.app.close();
  await system?.stopAll();
});

async function devSession(role = 'veileder', offices = ['0301']): Promise<string> {
  const res = await request(web.url).post('/auth/dev-login').set(CSRF).send({ ident: 'Z200002', role, offices }).expect(200);
  const set = res.headers['set-cookie'] as unknown as string[];
  return set[0].split(';')[0];
}

describe('the web app between the browser and the services', () => {
  it('asks for a session before it forwards anything', async () => {
    await request(web.url).get('/auth/session').expect(401);
    const res = await request(web.url).get('/api/payout/offices/0301/overview').expect(401);
    expect(res.body.errors).toEqual([{ field: 'session', reason: 'not signed in, or the session has expired' }]);
  });

  it('signs a developer in with an HttpOnly, SameSite=Strict session, and forwards with their token', async () => {
    const res = await request(web.url)
      .post('/auth/dev-login')
      .set(CSRF)
      .send({ ident: 'Z200002', role: 'veileder', offices: ['0301'] })
      .expect(200);
    const [set] = res.headers['set-cookie'] as unknown as string[];
    expect(set).toMatch(/^vf_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(JSON.stringify(res.body)).not.toMatch(/eyJ/); // no token in what the page can read
    const cookie = set.split(';')[0];
    expect((await request(web.url).get('/auth/session').set('cookie', cookie).expect(200)).body).toMatchObject({
      ident: 'Z200002',
      roles: ['veileder'],
      offices: ['0301'],
      via: 'dev',
    });
    const overview = await request(web.url).get('/api/payout/offices/0301/overview').set('cookie', cookie).expect(200);
    expect(overview.body.office).toBe('0301');
    expect(overview.headers['cache-control']).toBe('no-store');
    // The service decides what the user may do: another office is refused there, and the answer passes through.
    const refused = await request(web.url).get('/api/payout/offices/1201/overview').set('cookie', cookie).expect(403);
    expect(refused.body.errors).toEqual([{ field: 'office', reason: 'not among the offices you work for' }]);
  });

  it('refuses a change without the X-Requested-With header, before it reaches a service', async () => {
    const cookie = await devSession('decision-unit');
    const before = await system.count('decision', 'decision');
    const res = await request(web.url).post('/api/decision/decisions').set('cookie', cookie).send({}).expect(403);
    expect(res.body.errors).toEqual([{ field: 'X-Requested-With', reason: 'must be vilkarsflyt-web' }]);
    await request(web.url)
      .post('/auth/dev-login')
      .send({ ident: 'Z200002', role: 'veileder', offices: ['0301'] })
      .expect(403);
    expect(await system.count('decision', 'decision')).toBe(before);
  });

  it('names the field of a bad development sign-in', async () => {
    const res = await request(web.url)
      .post('/auth/dev-login')
      .set(CSRF)
      .send({ ident: 'ola', role: 'boss', offices: ['12'] })
      .expect(400);
    expect(res.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['ident', 'offices', 'role']);
  });

  it('knows only the three services, and says so when one does not answer', async () => {
    const cookie = await devSession();
    await request(web.url).get('/api/ledger/anything').set('cookie', cookie).expect(404);
    const closed = await startWeb(system, { PAYOUT_URL: 'http://127.0.0.1:9' });
    try {
      const res = await request(closed.url)
        .get('/api/payout/offices/0301/overview')
        .set('cookie', await sessionFor(closed.url))
        .expect(502);
      expect(res.body.errors).toEqual([{ field: 'service', reason: 'payout is unavailable' }]);
    } finally {
      await closed.app.close();
    }
  });

  it('serves the browser app for any page path, with a strict Content-Security-Policy', async () => {
    const res = await request(web.url).get('/saker/K-1').set('accept', 'text/html').expect(200);
    expect(res.text).toContain('<div id="root"></div>');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('signs out: the cookie is cleared', async () => {
    const cookie = await devSession();
    const res = await request(web.url).post('/auth/logout').set(CSRF).set('cookie', cookie).expect(204);
    expect((res.headers['set-cookie'] as unknown as string[])[0]).toMatch(/^vf_session=; .*Max-Age=0/);
  });
});

async function sessionFor(url: string): Promise<string> {
  const res = await request(url)
    .post('/auth/dev-login')
    .set(CSRF)
    .send({ ident: 'Z200002', role: 'veileder', offices: ['0301'] })
    .expect(200);
  return (res.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
}

/**
 * A small identity provider of the test's own, over real HTTP: discovery, JWKS, and a token endpoint
 * that checks the PKCE verifier and issues an ID token (its own key) and an access token the services
 * trust (the test key).
 */
async function startIdentityProvider() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'idp-1', alg: 'RS256', use: 'sig' };
  const codes = new Map<string, { challenge: string; nonce: string }>();
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  let issuer = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
      });
    }
    if (url.pathname === '/jwks') return json(200, { keys: [jwk] });
    if (url.pathname === '/token' && req.method === 'POST') {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const grant = codes.get(form.get('code') ?? '');
        const challenge = createHash('sha256')
          .update(form.get('code_verifier') ?? '')
          .digest('base64url');
        if (!grant || grant.challenge !== challenge || form.get('client_secret') !== 'idp-secret')
          return json(400, { error: 'invalid_grant' });
        const now = Math.floor(Date.now() / 1000);
        const header = b64({ alg: 'RS256', kid: 'idp-1', typ: 'JWT' });
        const payload = b64({ iss: issuer, aud: 'vilkarsflyt-web', sub: 'Z400004', nonce: grant.nonce, iat: now, exp: now + 300 });
        const idToken = `${header}.${payload}.${sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), privateKey).toString('base64url')}`;
        json(200, {
          id_token: idToken,
          access_token: token({ ident: 'Z400004', roles: ['decision-unit'], offices: ['0301'] }),
          token_type: 'Bearer',
        });
      });
      return;
    }
    json(404, {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  /** What the provider does when the user has signed in at /authorize: a code for this request. */
  const authorize = (authorizeUrl: string) => {
    const q = new URL(authorizeUrl).searchParams;
    const code = `code-${codes.size + 1}`;
    codes.set(code, { challenge: q.get('code_challenge') ?? '', nonce: q.get('nonce') ?? '' });
    return { code, state: q.get('state') ?? '' };
  };
  return { issuer, authorize, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The web app with OpenID Connect against `issuer`, and no development sign-in. */
const startOidcWeb = (issuer: string) =>
  startWeb(system, {
    WEB_DEV_SIGNING_KEY_PEM: undefined,
    OIDC_ISSUER_URL: issuer,
    OIDC_CLIENT_ID: 'vilkarsflyt-web',
    OIDC_CLIENT_SECRET: 'idp-secret',
    OIDC_REDIRECT_URI: 'http://127.0.0.1/auth/callback',
    WEB_SESSION_SECRET: 'cd'.repeat(32),
  });

describe('OpenID Connect sign-in', () => {
  it('sends the browser to the provider with PKCE, and on its return keeps the access token in the session', async () => {
    const idp = await startIdentityProvider();
    const oidc = await startOidcWeb(idp.issuer);
    try {
      expect((await request(oidc.url).get('/auth/methods').expect(200)).body).toEqual({ dev: false, oidc: true });
      await request(oidc.url)
        .post('/auth/dev-login')
        .set(CSRF)
        .send({ ident: 'Z200002', role: 'veileder', offices: ['0301'] })
        .expect(404);

      const out = await request(oidc.url).get('/auth/login?returnTo=/arbeidsliste').expect(302);
      const location = out.headers.location as string;
      expect(location.startsWith(`${idp.issuer}/authorize?`)).toBe(true);
      expect(new URL(location).searchParams.get('code_challenge_method')).toBe('S256');
      const pending = (out.headers['set-cookie'] as unknown as string[])[0].split(';')[0];

      // A return with another state is refused.
      const { code, state } = idp.authorize(location);
      const forged = await request(oidc.url).get(`/auth/callback?code=${code}&state=not-${state}`).set('cookie', pending).expect(302);
      expect(forged.headers.location).toBe('/logg-inn?feil=innlogging');

      const { code: code2, state: state2 } = idp.authorize(location);
      const back = await request(oidc.url).get(`/auth/callback?code=${code2}&state=${state2}`).set('cookie', pending).expect(302);
      expect(back.headers.location).toBe('/arbeidsliste');
      const session = (back.headers['set-cookie'] as unknown as string[]).find((c) => c.startsWith('vf_session='))!.split(';')[0];
      expect((await request(oidc.url).get('/auth/session').set('cookie', session).expect(200)).body).toMatchObject({
        ident: 'Z400004',
        roles: ['decision-unit'],
        via: 'oidc',
      });
      await request(oidc.url).get('/api/decision/worklist').set('cookie', session).expect(200);
    } finally {
      await oidc.app.close();
      await idp.close();
    }
  });

  it('never redirects back to another site', async () => {
    const idp = await startIdentityProvider();
    const oidc = await startOidcWeb(idp.issuer);
    try {
      const out = await request(oidc.url).get('/auth/login?returnTo=//evil.example/x').expect(302);
      const pending = (out.headers['set-cookie'] as unknown as string[])[0].split(';')[0];
      const { code, state } = idp.authorize(out.headers.location as string);
      const back = await request(oidc.url).get(`/auth/callback?code=${code}&state=${state}`).set('cookie', pending).expect(302);
      expect(back.headers.location).toBe('/');
    } finally {
      await oidc.app.close();
      await idp.close();
    }
  });
});
