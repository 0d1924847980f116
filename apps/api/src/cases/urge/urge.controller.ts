/**
 * `POST /cases/:id/urge {comment}` (催办): a province officer, or an officer of a city of the case, presses whoever
 * holds the case now. The decider decides who may urge whom (case.guards.ts `urge`) and names the holder in the
 * `CaseUrged` event; the inbox (and e-mail) tell the holder.
 */
import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { CommentDto } from '../http/common.dto';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';

@CasesApi()
@Controller('cases')
export class UrgeController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/urge', ['province', 'city'], 'Urge whoever owes work on the case (province, city)')
  urge(
    @CaseId() id: string,
    @Body() body: CommentDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'UrgeCase', data: { comment: body.comment } }, ctx, expectedRevision));
  }
}
