import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { EmptyBodyDto } from '../http/common.dto';

@CasesApi()
@Controller('cases')
export class SubmitController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/submit', ['applicant'], 'Submit the draft application for the city audit (applicant)')
  submit(
    @CaseId() id: string,
    @Body() _body: EmptyBodyDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'SubmitCase', data: {} }, ctx, expectedRevision));
  }
}
