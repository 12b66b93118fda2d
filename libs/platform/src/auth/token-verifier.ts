import { JWTPayload, JWTVerifyGetKey, KeyLike, createRemoteJWKSet, errors, importSPKI, jwtVerify } from 'jose';
import { isValidActorIdent } from '@vf/rules';
import { ROLES, Role } from './actor';
import { AuthConfig } from './auth-config';

/** The claims Vilkårsflyt reads from a verified token. */
export interface VerifiedClaims {
  ident: string;
  roles: Role[];
  offices: string[];
}

export class InvalidToken extends Error {}

const ALGORITHMS = ['RS256', 'ES256', 'PS256'];

/**
 * Verifies a bearer token: signature against the configured key or the identity provider's JWKS,
 * issuer, audience, expiry (required) and not-before; then the claims `NAVident` (one letter, six
 * digits), `roles` (known roles only) and `offices` (four-digit office numbers).
 */
export class TokenVerifier {
  private key: Promise<KeyLike> | JWTVerifyGetKey;

  constructor(private readonly config: AuthConfig) {
    this.key = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : importSPKI(config.publicKeyPem!, 'RS256');
  }

  async verify(token: string): Promise<VerifiedClaims> {
    let payload: JWTPayload;
    try {
      const key = typeof this.key === 'function' ? this.key : await this.key;
      ({ payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp'],
        clockTolerance: this.config.clockToleranceSeconds,
      }));
    } catch (e) {
      if (e instanceof errors.JWTExpired) throw new InvalidToken('the token has expired');
      if (e instanceof errors.JWTClaimValidationFailed) throw new InvalidToken(`the token's "${e.claim}" claim is not accepted`);
      if (e instanceof errors.JWSSignatureVerificationFailed || e instanceof errors.JWKSNoMatchingKey) {
        throw new InvalidToken('the token is not signed by a trusted key');
      }
      throw new InvalidToken('the token cannot be read');
    }
    const ident = payload.NAVident;
    if (!isValidActorIdent(ident)) throw new InvalidToken('the token has no valid NAVident claim');
    const roles = payload.roles;
    if (!Array.isArray(roles) || !roles.every((r) => typeof r === 'string')) throw new InvalidToken('the token has no roles claim');
    const offices = payload.offices ?? [];
    if (!Array.isArray(offices) || !offices.every((o) => typeof o === 'string' && /^\d{4}$/.test(o))) {
      throw new InvalidToken("the token's offices claim must list four-digit office numbers");
    }
    return {
      ident: ident as string,
      roles: roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
      offices: offices as string[],
    };
  }
}
