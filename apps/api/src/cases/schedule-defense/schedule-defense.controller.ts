import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { ScheduleDefenseDto } from './schedule-defense.dto';

@CasesApi()
@Controller('cases')
export class ScheduleDefenseController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/defense', ['province'], 'Schedule the defense with its panel (province)')
  schedule(
    @CaseId() id: string,
    @Body() body: ScheduleDefenseDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'ScheduleDefense', data: { scheduledAt: body.scheduledAt, venue: body.venue, panelExpertIds: [...body.panelExpertIds] } }, ctx, expectedRevision));
  }
}
