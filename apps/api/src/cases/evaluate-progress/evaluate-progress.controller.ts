import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { EvaluateProgressDto } from './evaluate-progress.dto';

@CasesApi()
@Controller('cases')
export class EvaluateProgressController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/evaluations', ['city', 'province'], 'Rate a progress period of an approved zone (city, province)')
  evaluate(
    @CaseId() id: string,
    @Body() body: EvaluateProgressDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'EvaluateProgress', data: { period: body.period, rating: body.rating, comment: body.comment, ...(body.rectificationDueOn !== undefined ? { rectificationDueOn: body.rectificationDueOn } : {}) } }, ctx, expectedRevision));
  }
}
