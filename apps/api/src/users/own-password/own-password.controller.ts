/**
 * `POST /users/me/password`: any signed-in user sets a new password, giving the current one (a stolen token alone
 * cannot take over the account). Open to a user whose password was reset (it is how they get out of that state).
 * Every session of the user ends, this one too; the answer carries a new access token. Wrong current passwords
 * count against the same sign-in throttle as failed logins.
 */
import { Body, Controller, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DomainError, passwordProblems } from '@shenbao/domain';
import { AccessTokens } from '../../auth/access-tokens';
import { AllowedBeforePasswordChange, Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { CredentialStore } from '../../auth/credential.store';
import { LOGIN_LIMITER } from '../../auth/login-limiter';
import type { LoginLimiter } from '../../auth/login-limiter';
import { PasswordHasher } from '../../auth/password-hasher';
import { NeverStoredForReplay } from '../../common/idempotency/idempotency.interceptor';
import type { HttpRequest } from '../../common/http/http.types';
import { UserCommands } from '../user-commands';
import { ChangeOwnPasswordDto, ChangeOwnPasswordResponse } from './own-password.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class OwnPasswordController {
  constructor(
    private readonly users: UserCommands,
    private readonly credentials: CredentialStore,
    private readonly hasher: PasswordHasher,
    @Inject(LOGIN_LIMITER) private readonly throttle: LoginLimiter,
    private readonly tokens: AccessTokens,
  ) {}

  @Post('me/password')
  @ApiOperation({ summary: 'Change my own password; every session ends and a new token is returned' })
  @HttpCode(200)
  @AllowedBeforePasswordChange()
  @NeverStoredForReplay()
  @ApiOkResponse({ type: ChangeOwnPasswordResponse })
  async change(@Body() body: ChangeOwnPasswordDto, @Ctx() ctx: RequestContext, @Req() req: HttpRequest): Promise<ChangeOwnPasswordResponse> {
    const user = await this.users.find(ctx.user.id);
    const ip = req.ip ?? 'unknown';
    const waitMs = await this.throttle.retryAfterMs(user.username, ip);
    if (waitMs > 0) {
      const retryAfterSeconds = Math.ceil(waitMs / 1000);
      throw new DomainError('TOO_MANY_REQUESTS', `Too many wrong passwords; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
    }
    const hash = (await this.credentials.hashFor(user.id, user.passwordEventId)) ?? user.legacyPasswordHash;
    if (hash === undefined || !(await this.hasher.verify(hash, body.currentPassword))) {
      await this.throttle.recordFailure(user.username, ip);
      throw DomainError.validation([{ field: 'currentPassword', messages: ['currentPassword is not your current password'] }]);
    }
    await this.throttle.recordSuccess(user.username, ip);
    const problems = passwordProblems(body.newPassword, user.username);
    if (body.newPassword === body.currentPassword) problems.push('must differ from the current password');
    if (problems.length > 0) throw DomainError.validation([{ field: 'newPassword', messages: problems.map((p) => `newPassword ${p}`) }]);
    await this.users.runWithPassword(user.id, user.username, body.newPassword, { type: 'ChangePassword', data: {} }, ctx.actor, ctx);
    return { accessToken: await this.tokens.issue(await this.users.find(user.id)) };
  }
}
