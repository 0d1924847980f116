import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { newId } from '../../infrastructure/ids';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { RaisedObjectionResponse, RaiseObjectionDto } from './raise-objection.dto';

@CasesApi()
@Controller('cases')
export class RaiseObjectionController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/objections', ['province'], 'Record an objection received during publicity (province)', {
    created: true,
    type: RaisedObjectionResponse,
  })
  async raise(
    @CaseId() id: string,
    @Body() body: RaiseObjectionDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<RaisedObjectionResponse> {
    const objectionId = newId();
    const { kind, name, contact, evidence } = body.objector;
    const objector = { kind, name: name ?? '', contact: contact ?? '', ...(evidence !== undefined ? { evidence } : {}) };
    const result = await this.commands.execute(
      new RunCaseCommand(id, { type: 'RaiseObjection', data: { objectionId, objector, summary: body.summary, receivedOn: body.receivedOn } }, ctx, expectedRevision),
    );
    return { objectionId, ...result };
  }
}
