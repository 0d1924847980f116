import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, Roles } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { RegisterUserCommand } from './register-user.command';
import { CreatedIdResponse, RegisterUserDto } from './register-user.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class RegisterUserController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Register a user with a role and scope (admin)' })
  @Roles('admin')
  @ApiCreatedResponse({ type: CreatedIdResponse })
  register(@Body() body: RegisterUserDto, @Ctx() ctx: RequestContext): Promise<CreatedIdResponse> {
    return this.commands.execute(new RegisterUserCommand(body, ctx.actor, ctx));
  }
}
