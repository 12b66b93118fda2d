/**
 * Mints a development token, signed by the local dev key in .run/dev-keys (made on first use).
 * Services trust that key only when configured to (npm run start:all does so; production points
 * AUTH_JWKS_URL at the identity provider instead).
 *
 *   npm run token -- --ident Z123456 --role veileder --office 0301 [--office 0312] [--ttl 3600]
 *   npm run token -- --ensure-keys      (only create the key pair; prints the public key file)
 */
import { resolve } from 'path';
import { DEV_AUDIENCE, DEV_ISSUER, ROLES, ensureDevKeys, signToken } from '@vf/platform';
import { isValidActorIdent } from '@vf/rules';

const dir = resolve(process.env.DEV_KEYS_DIR ?? '.run/dev-keys');
const args = process.argv.slice(2);
const values = (flag: string) => args.flatMap((a, i) => (a === flag && args[i + 1] ? [args[i + 1]] : []));
const fail = (message: string): never => {
  console.error(
    `${message}\nusage: npm run token -- --ident Z123456 --role ${ROLES.join('|')} --office 0301 [--office ...] [--ttl seconds]`,
  );
  process.exit(2);
};

const keys = ensureDevKeys(dir);
if (args.includes('--ensure-keys')) {
  console.log(keys.publicKeyFile);
  process.exit(0);
}
const [ident] = values('--ident');
const roles = values('--role');
const offices = values('--office');
const ttl = Number(values('--ttl')[0] ?? 8 * 3600);
if (!isValidActorIdent(ident)) fail('--ident must be a NAV-ident: one capital letter and six digits');
if (roles.length === 0 || roles.some((r) => !(ROLES as readonly string[]).includes(r))) fail(`--role must be one of ${ROLES.join(', ')}`);
if (offices.some((o) => !/^\d{4}$/.test(o))) fail('--office must be a four-digit NAV office number');
if (!Number.isInteger(ttl) || ttl <= 0) fail('--ttl must be a whole number of seconds');
console.log(signToken(keys.privateKeyPem, { ident, roles, offices, issuer: DEV_ISSUER, audience: DEV_AUDIENCE, ttlSeconds: ttl }));
