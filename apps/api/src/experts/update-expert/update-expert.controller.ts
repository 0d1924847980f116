/**
 * `PATCH /experts/:id` (admin): an `ExpertUpdated` event on the expert's stream carrying only what changed. Panels
 * formed from then on apply the recusal rules to the new home city and employer; panels already formed stay as
 * they are (the case's business, as for a retired expert).
 */
import { Body, Controller, Inject, Param, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError, expertDecider, expertStream } from '@shenbao/domain';
import type { UpdateExpert } from '@shenbao/domain';
import { Ctx, Roles } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { CommandRunner } from '@shenbao/commands';
import { ref } from '../../openapi/schema-helpers';
import { EXPERT_DIRECTORY } from '@shenbao/commands';
import type { ExpertDirectory, ExpertRecord } from '@shenbao/commands';
import { UpdateExpertDto } from './update-expert.dto';

@ApiTags('experts')
@ApiBearerAuth()
@Controller('experts')
export class UpdateExpertController {
  constructor(
    private readonly runner: CommandRunner,
    @Inject(EXPERT_DIRECTORY) private readonly experts: ExpertDirectory,
  ) {}

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change an expert’s name, home city, employer or fields (admin); recusal uses the new values' })
  @ApiOkResponse({ schema: ref('Expert') })
  async update(@Param('id') id: string, @Body() body: UpdateExpertDto, @Ctx() ctx: RequestContext): Promise<ExpertRecord> {
    await this.experts.catchUp();
    // An id that is not in the pool answers 404 before anything is decided (and names no stream).
    if (!this.experts.byId(id)) throw new DomainError('NOT_FOUND', `No expert ${id}.`);
    const { name, homeCityCode, employer, fields } = body;
    const data = Object.fromEntries(Object.entries({ name, homeCityCode, employer, fields }).filter(([, v]) => v !== undefined));
    const command: UpdateExpert = { type: 'UpdateExpert', data };
    await this.runner.run(
      command.type,
      { expert: { stream: expertStream(id), model: expertDecider } },
      ({ expert }, now) => ({ expert: expertDecider.decide(command, expert.state, { actor: ctx.actor, now }) }),
      ctx,
    );
    await this.experts.catchUp();
    const e = this.experts.byId(id)!;
    return { ...e, fields: [...e.fields] };
  }
}
