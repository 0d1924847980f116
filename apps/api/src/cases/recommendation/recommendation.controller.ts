import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { RecommendationDto } from './recommendation.dto';

@CasesApi()
@Controller('cases')
export class RecommendationController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/recommendation', ['city'], "Issue the city's recommendation letter (city)")
  recommend(
    @CaseId() id: string,
    @Body() body: RecommendationDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'IssueRecommendation', data: { letterNo: body.letterNo, issuedOn: body.issuedOn, statement: body.statement } }, ctx, expectedRevision));
  }
}
