/**
 * The global guard: every route needs `Authorization: Bearer <accessToken>` unless marked `@Public()`. The token
 * only names the user and its session; role, scope and whether the session still stands are read from the user
 * directory on each request, so deactivation, a password change or reset (the session version moves on), a
 * sign-out (the token id is ended) or a changed role take effect at once. `@Roles(...)` then limits the route (403).
 * A user whose password was reset may only reach `@AllowedBeforePasswordChange()` routes until they change it.
 */
import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { timingSafeEqual } from 'node:crypto';
import { DomainError } from '@shenbao/domain';
import type { Role } from '@shenbao/domain';
import type { HttpRequest } from '../common/http/http.types';
import { USER_DIRECTORY } from '../users/user-directory';
import type { UserDirectory, UserRecord } from '../users/user-directory';
import type { AppConfig } from '@shenbao/host';
import { APP_CONFIG } from '@shenbao/host';
import { AccessTokens, bearerToken } from './access-tokens';
import { BEFORE_PASSWORD_CHANGE_KEY, IS_PUBLIC_KEY, METRICS_TOKEN_KEY, ROLES_KEY } from './auth.decorators';
import type { AuthUser } from './auth-user';

export type { AccessTokenClaims } from './access-tokens';

export function toAuthUser(u: UserRecord): AuthUser {
  return {
    id: u.id,
    username: u.username,
    role: u.role,
    ...(u.cityCode !== undefined ? { cityCode: u.cityCode } : {}),
    ...(u.districtCode !== undefined ? { districtCode: u.districtCode } : {}),
    ...(u.expertId !== undefined ? { expertId: u.expertId } : {}),
  };
}

const ENDED = 'This session has ended (signed out, password changed or reset, or account deactivated); sign in again.';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokens,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const req = ctx.switchToHttp().getRequest<HttpRequest>();
    const token = bearerToken(req);
    if (!token) throw new DomainError('UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <accessToken> from POST /api/v1/auth/login.');
    if (this.isMetricsToken(token) && this.reflector.getAllAndOverride<boolean>(METRICS_TOKEN_KEY, targets)) return true;
    const claims = await this.tokens.verify(token);
    if (!claims) throw new DomainError('UNAUTHENTICATED', 'The access token is invalid or has expired; sign in again.');

    const user = await this.userOf(claims.sub);
    if (!user || !user.active) throw new DomainError('UNAUTHENTICATED', 'This account no longer exists or is deactivated.');
    if (claims.sv !== user.sessionVersion || this.users.isSignedOut(user.id, claims.jti)) throw new DomainError('UNAUTHENTICATED', ENDED);
    req.user = { ...toAuthUser(user), session: { tokenId: claims.jti, expiresAt: claims.exp } };

    if (user.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(BEFORE_PASSWORD_CHANGE_KEY, targets)) {
      throw new DomainError('FORBIDDEN', 'Your password was reset: set a new one with POST /api/v1/users/me/password first.', {
        reason: 'passwordChangeRequired',
      });
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(user.role)) {
      throw new DomainError('FORBIDDEN', `This needs the role ${roles.join(' or ')}; you are signed in as ${user.role}.`);
    }
    return true;
  }

  private async userOf(id: string): Promise<UserRecord | undefined> {
    const user = this.users.byId(id);
    if (user) return user;
    // Registered through another API process since this one last looked.
    await this.users.catchUp();
    return this.users.byId(id);
  }

  private isMetricsToken(token: string): boolean {
    const expected = this.config.metricsToken;
    if (expected === undefined || expected.length !== token.length) return false;
    return timingSafeEqual(Buffer.from(token), Buffer.from(expected));
  }
}
