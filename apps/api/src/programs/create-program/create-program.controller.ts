import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ProgramSettings } from '@shenbao/domain';
import { Ctx, Roles } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { CreatedIdResponse } from '../../users/register-user/register-user.dto';
import { CreateProgramCommand } from './create-program.command';
import { CreateProgramDto } from './create-program.dto';

/** Plain data for the event (the DTO instances are class instances). */
function toSettings(b: CreateProgramDto): ProgramSettings {
  return {
    key: b.key,
    name: b.name,
    workflow: { key: b.workflow.key, version: b.workflow.version },
    regions: b.regions.map((r) => ({
      cityCode: r.cityCode,
      name: r.name,
      limit: r.limit,
      districts: r.districts.map((d) => ({ code: d.code, name: d.name })),
    })),
    tasks: b.tasks.map((t) => ({ code: t.code, name: t.name })),
    minTasks: b.minTasks,
    quota: { min: b.quota.min, max: b.quota.max },
    window: { opensOn: b.window.opensOn, closesOn: b.window.closesOn },
    targetDate: b.targetDate,
    ...(b.paperwork
      ? { paperwork: { sealedApplicationBeforeSubmit: b.paperwork.sealedApplicationBeforeSubmit, recommendationLetterScan: b.paperwork.recommendationLetterScan, paperCopies: b.paperwork.paperCopies } }
      : {}),
  };
}

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class CreateProgramController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a program on a published workflow version (admin)' })
  @ApiCreatedResponse({ type: CreatedIdResponse })
  create(@Body() body: CreateProgramDto, @Ctx() ctx: RequestContext): Promise<CreatedIdResponse> {
    return this.commands.execute(new CreateProgramCommand(toSettings(body), ctx.actor, ctx));
  }
}
