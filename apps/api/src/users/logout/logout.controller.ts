/**
 * `POST /auth/logout`: ends the access token the request came with (a `UserSignedOut` event naming its id), so it
 * answers 401 from then on, after a restart too; the user's other tokens stay valid. Lives with the user slices
 * because it is a user event.
 */
import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { AllowedBeforePasswordChange, Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { NeverStoredForReplay } from '../../common/idempotency/idempotency.interceptor';
import { UserCommands } from '../user-commands';

@ApiTags('auth')
@ApiBearerAuth()
@Controller('auth')
export class LogoutController {
  constructor(private readonly users: UserCommands) {}

  @Post('logout')
  @ApiOperation({ summary: 'Sign out: end this access token' })
  @HttpCode(204)
  @AllowedBeforePasswordChange()
  @NeverStoredForReplay()
  @ApiNoContentResponse({ description: 'This token is ended' })
  async logout(@Ctx() ctx: RequestContext): Promise<void> {
    const session = ctx.user.session;
    // Always set by the guard on an authenticated route.
    if (!session) throw new Error('No session on this request');
    const expiresAt = new Date(session.expiresAt * 1000).toISOString();
    await this.users.run(ctx.user.username, { type: 'SignOut', data: { tokenId: session.tokenId, expiresAt } }, ctx.actor, ctx);
  }
}
