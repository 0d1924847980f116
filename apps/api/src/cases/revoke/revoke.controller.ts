import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { ReasonDto } from '../http/common.dto';

@CasesApi()
@Controller('cases')
export class RevokeController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/revoke', ['province'], 'Revoke an approved zone (province)')
  revoke(
    @CaseId() id: string,
    @Body() body: ReasonDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'RevokePilot', data: { reason: body.reason } }, ctx, expectedRevision));
  }
}
