import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { ScheduleSiteVisitDto } from './schedule-site-visit.dto';

@CasesApi()
@Controller('cases')
export class ScheduleSiteVisitController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/site-visit', ['province'], 'Schedule the site visit (province)')
  schedule(
    @CaseId() id: string,
    @Body() body: ScheduleSiteVisitDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'ScheduleSiteVisit', data: { scheduledAt: body.scheduledAt, team: [...body.team] } }, ctx, expectedRevision));
  }
}
