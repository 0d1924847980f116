import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiParam } from '@nestjs/swagger';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi, IdParam } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { ResolveObjectionDto } from './resolve-objection.dto';

@CasesApi()
@Controller('cases')
export class ResolveObjectionController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/objections/:objectionId/resolution', ['province'], 'Resolve an objection: upheld or not, and where the case goes (province)')
  @ApiParam({ name: 'objectionId' })
  resolve(
    @CaseId() id: string,
    @IdParam('objectionId', 'objection') objectionId: string,
    @Body() body: ResolveObjectionDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    const { upheld, comment, returnTo } = body;
    return this.commands.execute(
      new RunCaseCommand(id, { type: 'ResolveObjection', data: { objectionId, upheld, comment, ...(returnTo !== undefined ? { returnTo } : {}) } }, ctx, expectedRevision),
    );
  }
}
