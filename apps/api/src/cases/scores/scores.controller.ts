import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { ScoresDto } from './scores.dto';

@CasesApi()
@Controller('cases')
export class ScoresController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/scores', ['expert'], "Submit an assigned expert's scores (expert)")
  score(
    @CaseId() id: string,
    @Body() body: ScoresDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'SubmitScores', data: { scores: { ...body.scores }, comment: body.comment ?? '' } }, ctx, expectedRevision));
  }
}
