/**
 * Access tokens: HS256 JWTs that name the user (`sub`), the session version they were issued under (`sv`) and
 * themselves (`jti`, for signing out one token), valid 8 hours (`exp`). `acceptable` is what a verified token must
 * carry: a token without `exp`, or valid longer than 8 hours, is refused even when its signature is right (it could
 * only come from a leaked secret or an old build). Tokens are verified once per token per process: the auth guard
 * and the rate limiter's key (common/http/rate-limit.ts) share this cache, so a request costs one lookup, not two
 * verifications.
 */
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { Role } from '@shenbao/domain';
import { header } from '../common/http/http.types';
import type { UserRecord } from '../users/user-directory';
import { VerifiedTokens } from './verified-tokens';

export const ACCESS_TOKEN_TTL_SECONDS = 8 * 60 * 60;

export interface AccessTokenClaims {
  sub: string;
  username: string;
  role: Role;
  /** The user's session version when the token was issued. */
  sv: number;
  jti: string;
}

/** What a verified token carries: the claims signed at login plus what jsonwebtoken added (seconds). */
export type VerifiedAccessClaims = AccessTokenClaims & { exp: number; iat: number };

export function acceptable(claims: Partial<VerifiedAccessClaims> | undefined): claims is VerifiedAccessClaims {
  if (!claims || typeof claims.sub !== 'string' || typeof claims.jti !== 'string' || claims.jti === '') return false;
  if (typeof claims.sv !== 'number' || !Number.isInteger(claims.sv)) return false;
  if (typeof claims.exp !== 'number' || !Number.isFinite(claims.exp)) return false;
  return typeof claims.iat === 'number' && claims.exp - claims.iat <= ACCESS_TOKEN_TTL_SECONDS;
}

/** The token of `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(req: { headers: Parameters<typeof header>[0]['headers'] }): string | undefined {
  return /^Bearer\s+(\S+)\s*$/i.exec(header(req, 'authorization') ?? '')?.[1];
}

@Injectable()
export class AccessTokens {
  private readonly verified = new VerifiedTokens<VerifiedAccessClaims>();

  constructor(private readonly jwt: JwtService) {}

  issue(user: UserRecord): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, username: user.username, role: user.role, sv: user.sessionVersion, jti: randomUUID() };
    return this.jwt.signAsync(claims);
  }

  /** The claims of a token verified before and not expired since, without waiting; undefined otherwise. */
  cached(token: string): VerifiedAccessClaims | undefined {
    return this.verified.get(token);
  }

  /**
   * The claims of a token whose signature and expiry check out and that carries what `acceptable` asks; undefined
   * for anything else. Whether its session still stands is the guard's question (the user directory).
   */
  async verify(token: string): Promise<VerifiedAccessClaims | undefined> {
    const cached = this.verified.get(token);
    if (cached) return cached;
    const claims = await this.jwt.verifyAsync<Partial<VerifiedAccessClaims>>(token, { algorithms: ['HS256'] }).catch(() => undefined);
    if (!acceptable(claims)) return undefined;
    this.verified.remember(token, claims);
    return claims;
  }
}
