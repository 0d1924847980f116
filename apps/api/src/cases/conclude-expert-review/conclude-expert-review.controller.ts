import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { ConcludeExpertReviewDto } from './conclude-expert-review.dto';

@CasesApi()
@Controller('cases')
export class ConcludeExpertReviewController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/expert-review/conclude', ['province'], 'Conclude expert review: pass or fail from the scores, or defer (province)')
  conclude(
    @CaseId() id: string,
    @Body() body: ConcludeExpertReviewDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'ConcludeExpertReview', data: { ...(body.decision !== undefined ? { decision: body.decision } : {}), ...(body.comment !== undefined ? { comment: body.comment } : {}) } }, ctx, expectedRevision));
  }
}
