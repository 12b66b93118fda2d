import { Role, TokenRequest, generateDevKeys, signToken } from '@vf/platform';

/** A key pair made for this test file; the services under test trust its public key and nothing else. */
export const testKeys = generateDevKeys();

export const OFFICE = '0301';
export const OTHER_OFFICE = '1201';

export function token(request: Partial<TokenRequest> & { ident: string; roles: Role[] | string[] }): string {
  return signToken(testKeys.privateKeyPem, { offices: [OFFICE], ...request });
}

/** Headers for a request as `ident` acting in `role` for `offices`. */
export function bearer(ident: string, role: Role | string, offices: string[] = [OFFICE]) {
  return { authorization: `Bearer ${token({ ident, roles: [role], offices })}` };
}
