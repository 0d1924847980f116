/**
 * An administrator's changes to an account: profile (PATCH), deactivation and reactivation, and a one-time password.
 * Each is a user event with the administrator as actor and the reason given. Deactivating, and resetting the
 * password, end every session of the user at once (the guard compares session versions).
 */
import { Body, Controller, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { UserChanges } from '@shenbao/domain';
import { Ctx, Roles } from '../../auth/auth.decorators';
import { NeverStoredForReplay } from '../../common/idempotency/idempotency.interceptor';
import type { RequestContext } from '../../auth/auth.decorators';
import { generatePassword } from '../admin-bootstrap';
import { UserCommands } from '../user-commands';
import { toUserView, UserView } from '../user.view';
import { PasswordResetDto, ReasonDto, TemporaryPasswordResponse, UpdateUserDto } from './manage-user.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles('admin')
export class ManageUserController {
  constructor(private readonly users: UserCommands) {}

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user’s profile, role or scope (admin; null removes an optional field)' })
  @ApiOkResponse({ type: UserView })
  async update(@Param('id') id: string, @Body() body: UpdateUserDto, @Ctx() ctx: RequestContext): Promise<UserView> {
    const user = await this.users.find(id);
    const { reason, ...changes } = body;
    await this.users.run(user.username, { type: 'UpdateUser', data: { changes: changes as UserChanges, ...(reason !== undefined ? { reason } : {}) } }, ctx.actor, ctx);
    return toUserView(await this.users.find(id));
  }

  @Post(':id/deactivate')
  @ApiOperation({ summary: 'Deactivate a user: every session ends at once (admin)' })
  @HttpCode(200)
  @ApiOkResponse({ type: UserView })
  async deactivate(@Param('id') id: string, @Body() body: ReasonDto, @Ctx() ctx: RequestContext): Promise<UserView> {
    const user = await this.users.find(id);
    await this.users.run(user.username, { type: 'DeactivateUser', data: { reason: body.reason } }, ctx.actor, ctx);
    return toUserView(await this.users.find(id));
  }

  @Post(':id/reactivate')
  @ApiOperation({ summary: 'Reactivate a user (admin)' })
  @HttpCode(200)
  @ApiOkResponse({ type: UserView })
  async reactivate(@Param('id') id: string, @Body() body: ReasonDto, @Ctx() ctx: RequestContext): Promise<UserView> {
    const user = await this.users.find(id);
    await this.users.run(user.username, { type: 'ReactivateUser', data: { reason: body.reason } }, ctx.actor, ctx);
    return toUserView(await this.users.find(id));
  }

  @Post(':id/password-reset')
  @ApiOperation({ summary: 'Reset a user’s password to a one-time password, shown once (admin)' })
  @HttpCode(200)
  @NeverStoredForReplay()
  @ApiOkResponse({ type: TemporaryPasswordResponse })
  async resetPassword(@Param('id') id: string, @Body() body: PasswordResetDto, @Ctx() ctx: RequestContext): Promise<TemporaryPasswordResponse> {
    const user = await this.users.find(id);
    const temporaryPassword = generatePassword();
    const command = { type: 'ResetPassword' as const, data: body.reason !== undefined ? { reason: body.reason } : {} };
    await this.users.runWithPassword(user.id, user.username, temporaryPassword, command, ctx.actor, ctx);
    return { temporaryPassword };
  }
}
