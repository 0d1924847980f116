import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { SiteVisitResultDto } from './site-visit-result.dto';

@CasesApi()
@Controller('cases')
export class SiteVisitResultController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/site-visit/result', ['province'], "Record the site visit's result (province)")
  record(
    @CaseId() id: string,
    @Body() body: SiteVisitResultDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'RecordSiteVisitResult', data: { decision: body.decision, findings: body.findings } }, ctx, expectedRevision));
  }
}
