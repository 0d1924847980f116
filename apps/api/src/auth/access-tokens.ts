/**
 * Verifies access tokens (HS256 signature and expiry) once per token per process: the auth guard and the rate
 * limiter's key (common/http/rate-limit.ts) share this cache, so a request costs one lookup, not two verifications.
 */
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@shenbao/domain';
import { header } from '../common/http/http.types';
import { VerifiedTokens } from './verified-tokens';

export interface AccessTokenClaims {
  sub: string;
  username: string;
  role: Role;
}

/** What a verified token carries: the claims signed at login plus the expiry jsonwebtoken added (seconds). */
export type VerifiedAccessClaims = AccessTokenClaims & { exp: number };

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(req: { headers: Parameters<typeof header>[0]['headers'] }): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '')?.[1];
}

@Injectable()
export class AccessTokens {
  private readonly verified = new VerifiedTokens<VerifiedAccessClaims>();

  constructor(private readonly jwt: JwtService) {}

  /** The claims of a token verified before and not expired since, without waiting; undefined otherwise. */
  cached(token: string): VerifiedAccessClaims | undefined {
    return this.verified.get(token);
  }

  /** The claims of a token whose signature and expiry check out; undefined for anything else. */
  async verify(token: string): Promise<VerifiedAccessClaims | undefined> {
    const cached = this.verified.get(token);
    if (cached) return cached;
    const claims = await this.jwt.verifyAsync<VerifiedAccessClaims>(token, { algorithms: ['HS256'] }).catch(() => undefined);
    if (!claims || typeof claims.sub !== 'string') return undefined;
    this.verified.remember(token, claims);
    return claims;
  }
}
