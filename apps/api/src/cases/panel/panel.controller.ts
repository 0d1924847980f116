import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { randomBytes } from 'node:crypto';
import { DomainError } from '@shenbao/domain';
import type { FormPanel } from '@shenbao/domain';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { PanelDto } from './panel.dto';

export function toFormPanel(body: PanelDto, newSeed: () => string): FormPanel {
  const chosen = body.expertIds !== undefined;
  const drawn = body.draw !== undefined;
  if (chosen === drawn || (chosen && body.seed !== undefined)) {
    throw DomainError.validation([{ field: chosen ? 'seed' : 'draw', messages: ['send either {expertIds} or {draw, seed?}'] }]);
  }
  if (chosen) return { type: 'FormPanel', data: { expertIds: [...body.expertIds!] } };
  // Chosen once per request, outside the runner's retries, so a retried decision draws the same panel.
  return { type: 'FormPanel', data: { draw: body.draw!, seed: body.seed ?? newSeed() } };
}

@CasesApi()
@Controller('cases')
export class PanelController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/panel', ['province'], 'Form the expert panel, by choice or by a seeded draw (province)')
  form(
    @CaseId() id: string,
    @Body() body: PanelDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    const command = toFormPanel(body, () => randomBytes(16).toString('hex'));
    return this.commands.execute(new RunCaseCommand(id, command, ctx, expectedRevision));
  }
}
