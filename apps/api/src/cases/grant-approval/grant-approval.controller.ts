import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { GrantApprovalDto } from './grant-approval.dto';

@CasesApi()
@Controller('cases')
export class GrantApprovalController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/approval', ['province'], 'Grant approval with the reply letter (province)')
  approve(
    @CaseId() id: string,
    @Body() body: GrantApprovalDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'GrantApproval', data: { replyLetterNo: body.replyLetterNo, repliedOn: body.repliedOn } }, ctx, expectedRevision));
  }
}
