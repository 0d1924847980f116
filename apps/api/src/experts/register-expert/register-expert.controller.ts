import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, Roles } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { CreatedIdResponse } from '../../users/register-user/register-user.dto';
import { RegisterExpertCommand } from './register-expert.command';
import { RegisterExpertDto } from './register-expert.dto';

@ApiTags('experts')
@ApiBearerAuth()
@Controller('experts')
export class RegisterExpertController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Register an expert in the pool (admin)' })
  @Roles('admin')
  @ApiCreatedResponse({ type: CreatedIdResponse })
  register(@Body() body: RegisterExpertDto, @Ctx() ctx: RequestContext): Promise<CreatedIdResponse> {
    const { name, homeCityCode, employer, fields } = body;
    return this.commands.execute(new RegisterExpertCommand({ name, homeCityCode, employer, fields }, ctx.actor, ctx));
  }
}
