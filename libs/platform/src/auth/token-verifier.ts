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

/** How many verified tokens are remembered (the oldest is forgotten first). */
const REMEMBERED_TOKENS = 1000;

/**
 * Verifies a bearer token: signature against the configured key or the identity provider's JWKS,
 * issuer, audience, expiry (required) and not-before; then the claims `NAVident` (one letter, six
 * digits), `roles` (known roles only) and `offices` (four-digit office numbers).
 */
export class TokenVerifier {
  private key: Promise<KeyLike> | JWTVerifyGetKey;
  /**
   * Tokens already verified, until they expire: a caseworker's token comes with every request for its
   * lifetime, and checking its signature again (about half a millisecond of CPU for RS256) each time is
   * work for nothing. Keyed by the whole token, signature included, so a changed token is a stranger.
   */
  private readonly verified = new Map<string, { claims: VerifiedClaims; expiresAtMs: number }>();

  constructor(
    private readonly config: AuthConfig,
    private readonly now: () => number = Date.now,
  ) {
    this.key = config.jwksUrl ? createRemoteJWKSet(new URL(config.jwksUrl)) : importSPKI(config.publicKeyPem!, 'RS256');
  }

  async verify(token: string): Promise<VerifiedClaims> {
    const now = this.now();
    const known = this.verified.get(token);
    if (known && now < known.expiresAtMs) return known.claims;
    this.verified.delete(token);
    const claims = await this.verifyAnew(token, now);
    if (this.verified.size >= REMEMBERED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    this.verified.set(token, claims);
    return claims.claims;
  }

  private async verifyAnew(token: string, now: number): Promise<{ claims: VerifiedClaims; expiresAtMs: number }> {
    let payload: JWTPayload;
    try {
      const key = typeof this.key === 'function' ? this.key : await this.key;
      ({ payload } = await jwtVerify(token, key as Parameters<typeof jwtVerify>[1], {
        issuer: this.config.issuer,
        audience: this.config.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp'],
        clockTolerance: this.config.clockToleranceSeconds,
        currentDate: new Date(now),
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
      claims: {
        ident: ident as string,
        roles: roles.filter((r): r is Role => (ROLES as readonly string[]).includes(r)),
        offices: offices as string[],
      },
      // Remembered until it expires, without the clock tolerance: past that it is checked again.
      expiresAtMs: (payload.exp as number) * 1000,
    };
  }
}
