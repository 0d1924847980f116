import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { DefenseResultDto } from './defense-result.dto';

@CasesApi()
@Controller('cases')
export class DefenseResultController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/defense/result', ['province'], "Record the defense's result (province)")
  record(
    @CaseId() id: string,
    @Body() body: DefenseResultDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'RecordDefenseResult', data: { decision: body.decision, ...(body.score !== undefined ? { score: body.score } : {}), comment: body.comment } }, ctx, expectedRevision));
  }
}
