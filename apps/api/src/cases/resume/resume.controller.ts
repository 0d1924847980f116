import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { CommentDto } from '../http/common.dto';

@CasesApi()
@Controller('cases')
export class ResumeController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/resume', ['province'], 'Return a case from cultivation to the stage it was deferred from (province)')
  resume(
    @CaseId() id: string,
    @Body() body: CommentDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'ResumeCase', data: { comment: body.comment } }, ctx, expectedRevision));
  }
}
