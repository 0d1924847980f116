/**
 * Access tokens: HS256 JWTs that name the user (`sub`), the session version they were issued under (`sv`) and
 * themselves (`jti`, for signing out one token), valid 8 hours (`exp`). `acceptable` is the guard's check of what
 * a verified token must carry: a token without `exp`, or valid longer than 8 hours, is refused even when its
 * signature is right (it could only come from a leaked secret or an old build).
 */
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import type { Role } from '@shenbao/domain';
import type { UserRecord } from '../users/user-directory';

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

@Injectable()
export class AccessTokens {
  constructor(private readonly jwt: JwtService) {}

  issue(user: UserRecord): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, username: user.username, role: user.role, sv: user.sessionVersion, jti: randomUUID() };
    return this.jwt.signAsync(claims);
  }
}
