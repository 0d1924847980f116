/**
 * Route metadata for the global auth guard: `@Public()` opens a route to anonymous callers, `@Roles(...)` limits it
 * to some roles (403 otherwise). Without either, any signed-in user may call it.
 */
import { applyDecorators, createParamDecorator, SetMetadata } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '@shenbao/domain';
import { idempotencyKeyOf } from '../common/idempotency/idempotency.interceptor';
import { correlationIdOf } from '../common/http/http.types';
import type { HttpRequest } from '../common/http/http.types';
import type { CommandContext } from '@shenbao/commands';
import { markPublic } from '../openapi/standard-errors';
import { toActor } from './auth-user';
import type { AuthUser } from './auth-user';

export const IS_PUBLIC_KEY = 'shenbao:isPublic';
export const ROLES_KEY = 'shenbao:roles';

export const METRICS_TOKEN_KEY = 'shenbao:metricsToken';
export const BEFORE_PASSWORD_CHANGE_KEY = 'shenbao:beforePasswordChange';

/** Also marks the route public in the OpenAPI document (`security: []`, no 401/403). */
export const Public = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), markPublic());
/** Also accepts METRICS_TOKEN as the bearer (Prometheus), besides a user's access token. */
export const AcceptsMetricsToken = (): MethodDecorator & ClassDecorator => SetMetadata(METRICS_TOKEN_KEY, true);
/** Open to a user who must change a reset password first (every other route answers 403 passwordChangeRequired). */
export const AllowedBeforePasswordChange = (): MethodDecorator & ClassDecorator => SetMetadata(BEFORE_PASSWORD_CHANGE_KEY, true);
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

function userOf(ctx: ExecutionContext): AuthUser {
  const user = ctx.switchToHttp().getRequest<HttpRequest>().user;
  // Only reachable on a @Public() route, which must not ask for the user.
  if (!user) throw new Error('No authenticated user on this request');
  return user;
}

/** The signed-in user. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => userOf(ctx));

/** What a command handler needs about the request: the actor and the ids that go into event metadata. */
export interface RequestContext extends CommandContext {
  actor: Actor;
  user: AuthUser;
}

export const Ctx = createParamDecorator((_: unknown, ctx: ExecutionContext): RequestContext => {
  const req = ctx.switchToHttp().getRequest<HttpRequest>();
  const user = userOf(ctx);
  const idempotencyKey = idempotencyKeyOf(req);
  return {
    user,
    actor: toActor(user),
    correlationId: correlationIdOf(req),
    ...(idempotencyKey !== undefined ? { idempotencyKey } : {}),
  };
});
