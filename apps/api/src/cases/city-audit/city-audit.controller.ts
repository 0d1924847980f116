import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { CityAuditDto } from './city-audit.dto';

@CasesApi()
@Controller('cases')
export class CityAuditController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/city-audit', ['city'], "Record the city's audit: pass, return for revision or reject (city)")
  audit(
    @CaseId() id: string,
    @Body() body: CityAuditDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'AuditCase', data: { decision: body.decision, comment: body.comment ?? '' } }, ctx, expectedRevision));
  }
}
