import { Body, Controller, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Ctx, Roles } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { OpenPublicityBatchCommand } from './open-publicity-batch.command';
import { OpenedPublicityBatchResponse, OpenPublicityBatchDto } from './open-publicity-batch.dto';

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class OpenPublicityBatchController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/publicity-batches')
  @Roles('province')
  @ApiOperation({ summary: 'Publicize cases awaiting publicity as one batch (province)' })
  @ApiCreatedResponse({ type: OpenedPublicityBatchResponse })
  open(@Param('id') programId: string, @Body() body: OpenPublicityBatchDto, @Ctx() ctx: RequestContext): Promise<OpenedPublicityBatchResponse> {
    const { caseIds, startsOn, duration, unit } = body;
    const request = { startsOn, ...(duration !== undefined ? { duration } : {}), ...(unit !== undefined ? { unit } : {}) };
    return this.commands.execute(new OpenPublicityBatchCommand(programId, [...caseIds], request, ctx.actor, ctx));
  }
}
