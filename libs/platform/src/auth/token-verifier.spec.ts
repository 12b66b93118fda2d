import { createServer, Server } from 'http';
import { AddressInfo } from 'net';
import { createPublicKey } from 'crypto';
import { exportJWK } from 'jose';
import { AuthConfig } from './auth-config';
import { DEV_AUDIENCE, DEV_ISSUER, generateDevKeys, signToken } from './dev-token';
import { TokenVerifier } from './token-verifier';

const trusted = generateDevKeys();
const stranger = generateDevKeys();
const config: AuthConfig = { issuer: DEV_ISSUER, audience: DEV_AUDIENCE, publicKeyPem: trusted.publicKeyPem, clockToleranceSeconds: 30 };
const claims = { ident: 'Z123456', roles: ['veileder'], offices: ['0301'] };

describe('TokenVerifier', () => {
  const verifier = new TokenVerifier(config);

  it('accepts a token signed by the configured key and reads ident, roles and offices', async () => {
    await expect(verifier.verify(signToken(trusted.privateKeyPem, claims))).resolves.toEqual({
      ident: 'Z123456',
      roles: ['veileder'],
      offices: ['0301'],
    });
  });

  it('drops roles it does not know', async () => {
    const token = signToken(trusted.privateKeyPem, { ...claims, roles: ['veileder', 'admin'] });
    await expect(verifier.verify(token)).resolves.toMatchObject({ roles: ['veileder'] });
  });

  it.each<[string, () => string, RegExp]>([
    ['an expired token', () => signToken(trusted.privateKeyPem, { ...claims, ttlSeconds: -120 }), /expired/],
    ['a token signed by another key', () => signToken(stranger.privateKeyPem, claims), /not signed by a trusted key/],
    ['a token for another audience', () => signToken(trusted.privateKeyPem, { ...claims, audience: 'someone-else' }), /"aud" claim/],
    ['a token from another issuer', () => signToken(trusted.privateKeyPem, { ...claims, issuer: 'evil' }), /"iss" claim/],
    ['a token with an ident that is not a NAV-ident', () => signToken(trusted.privateKeyPem, { ...claims, ident: 'bob' }), /NAVident/],
    ['a token with malformed offices', () => signToken(trusted.privateKeyPem, { ...claims, offices: ['Oslo'] }), /offices/],
    ['something that is not a JWT', () => 'not.a.token', /cannot be read/],
    [
      'a token whose payload was changed after signing',
      () => {
        const [h, , s] = signToken(trusted.privateKeyPem, claims).split('.');
        const forged = Buffer.from(
          JSON.stringify({ ...claims, NAVident: 'Z123456', roles: ['decision-unit'], iss: DEV_ISSUER, aud: DEV_AUDIENCE, exp: 9999999999 }),
        ).toString('base64url');
        return `${h}.${forged}.${s}`;
      },
      /not signed by a trusted key/,
    ],
  ])('refuses %s', async (_what, make, reason) => {
    await expect(verifier.verify(make())).rejects.toThrow(reason);
  });

  it('accepts a token within the clock tolerance and refuses one past it', async () => {
    await expect(verifier.verify(signToken(trusted.privateKeyPem, { ...claims, ttlSeconds: -10 }))).resolves.toBeDefined();
    await expect(verifier.verify(signToken(trusted.privateKeyPem, { ...claims, ttlSeconds: -31 }))).rejects.toThrow(/expired/);
  });

  it('remembers a verified token only until it expires, and never lends its claims to a changed token', async () => {
    let clock = Date.now();
    const remembering = new TokenVerifier(config, () => clock);
    const token = signToken(trusted.privateKeyPem, { ...claims, ttlSeconds: 60, now: clock });
    await expect(remembering.verify(token)).resolves.toMatchObject({ ident: 'Z123456' });
    clock += 30_000;
    await expect(remembering.verify(token)).resolves.toMatchObject({ ident: 'Z123456' });
    const [h, , sig] = token.split('.');
    const payload = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, roles: ['decision-unit'] })).toString('base64url')}.${sig}`;
    await expect(remembering.verify(forged)).rejects.toThrow(/not signed by a trusted key/);
    clock += 30_000 + 31_000; // past its expiry and the clock tolerance
    await expect(remembering.verify(token)).rejects.toThrow(/expired/);
  });

  describe('with the identity provider’s JWKS', () => {
    let server: Server;
    let url: string;

    beforeAll(async () => {
      const jwk = { ...(await exportJWK(createPublicKey(trusted.publicKeyPem))), alg: 'RS256', use: 'sig' };
      server = createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ keys: [jwk] }));
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('verifies against the published keys and refuses a key it does not publish', async () => {
      const jwks = new TokenVerifier({ ...config, publicKeyPem: undefined, jwksUrl: url });
      await expect(jwks.verify(signToken(trusted.privateKeyPem, claims))).resolves.toMatchObject({ ident: 'Z123456' });
      await expect(jwks.verify(signToken(stranger.privateKeyPem, claims))).rejects.toThrow(/not signed by a trusted key/);
    });
  });
});
