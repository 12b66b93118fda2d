import { createPrivateKey, generateKeyPairSync, sign } from 'crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Role } from './actor';

/**
 * Local development and tests only: an RSA key pair and a signer for tokens with our claims.
 * Services trust this key only when AUTH_PUBLIC_KEY_FILE / AUTH_PUBLIC_KEY_PEM point at it.
 */
export const DEV_ISSUER = 'vilkarsflyt-dev';
export const DEV_AUDIENCE = 'vilkarsflyt';

export interface DevKeys {
  privateKeyPem: string;
  publicKeyPem: string;
}

export function generateDevKeys(): DevKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** Reads the dev key pair from `dir`, creating it the first time. */
export function ensureDevKeys(dir: string): DevKeys & { publicKeyFile: string } {
  const privateFile = join(dir, 'private.pem');
  const publicKeyFile = join(dir, 'public.pem');
  if (!existsSync(privateFile) || !existsSync(publicKeyFile)) {
    mkdirSync(dir, { recursive: true });
    const keys = generateDevKeys();
    writeFileSync(privateFile, keys.privateKeyPem, { mode: 0o600 });
    writeFileSync(publicKeyFile, keys.publicKeyPem);
  }
  return { privateKeyPem: readFileSync(privateFile, 'utf8'), publicKeyPem: readFileSync(publicKeyFile, 'utf8'), publicKeyFile };
}

export interface TokenRequest {
  ident: string;
  roles: Role[] | string[];
  offices: string[];
  issuer?: string;
  audience?: string;
  /** Seconds from `now` until expiry; negative for an already expired token. */
  ttlSeconds?: number;
  now?: number;
}

const b64url = (value: object | Buffer) => (Buffer.isBuffer(value) ? value : Buffer.from(JSON.stringify(value))).toString('base64url');

/** Signs an RS256 JWT with the claims the services read: NAVident, roles, offices. */
export function signToken(privateKeyPem: string, request: TokenRequest): string {
  const iat = Math.floor((request.now ?? Date.now()) / 1000);
  const header = { alg: 'RS256', typ: 'JWT' };
  const payload = {
    iss: request.issuer ?? DEV_ISSUER,
    aud: request.audience ?? DEV_AUDIENCE,
    sub: request.ident,
    NAVident: request.ident,
    roles: request.roles,
    offices: request.offices,
    iat,
    exp: iat + (request.ttlSeconds ?? 3600),
  };
  const input = `${b64url(header)}.${b64url(payload)}`;
  const signature = sign('RSA-SHA256', Buffer.from(input), createPrivateKey(privateKeyPem));
  return `${input}.${b64url(signature)}`;
}
