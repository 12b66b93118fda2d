import { randomBytes } from 'crypto';
import { generateDevKeys, signToken } from '@vf/platform';
import { cookie, openSession, readCookie, sealSession, sessionFromToken } from './session';

const keys = generateDevKeys();
const key = Uint8Array.from(randomBytes(32));
const token = signToken(keys.privateKeyPem, { ident: 'Z200002', roles: ['veileder'], offices: ['0301'], ttlSeconds: 600 });

describe('the session cookie', () => {
  it('reads who the user is from the token', () => {
    expect(sessionFromToken(token, 'dev')).toMatchObject({ ident: 'Z200002', roles: ['veileder'], offices: ['0301'], via: 'dev', token });
  });

  it('opens what it sealed, and the sealed value does not show the token', async () => {
    const session = sessionFromToken(token, 'dev');
    const sealed = await sealSession(session, key);
    expect(sealed).not.toContain(token.split('.')[1]);
    expect(await openSession(sealed, key)).toEqual(session);
  });

  it('refuses a cookie sealed with another key, tampered with, or expired', async () => {
    const session = sessionFromToken(token, 'dev');
    const sealed = await sealSession(session, key);
    expect(await openSession(sealed, Uint8Array.from(randomBytes(32)))).toBeNull();
    expect(await openSession(sealed.slice(0, -4) + 'AAAA', key)).toBeNull();
    expect(await openSession(sealed, key, (session.expiresAt + 1) * 1000)).toBeNull();
    expect(await openSession(undefined, key)).toBeNull();
  });

  it('writes an HttpOnly, SameSite=Strict cookie, Secure unless told otherwise, and reads it back', () => {
    const header = cookie('vf_session', 'a b;c', { secure: true, maxAgeSeconds: 60 });
    expect(header).toBe('vf_session=a%20b%3Bc; Path=/; HttpOnly; SameSite=Strict; Max-Age=60; Secure');
    expect(readCookie(`other=1; ${header.split(';')[0]}`, 'vf_session')).toBe('a b;c');
  });
});
