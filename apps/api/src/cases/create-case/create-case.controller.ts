import { Body, Controller, Post, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOperation } from '@nestjs/swagger';
import type { Party } from '@shenbao/domain';
import { Ctx, Roles } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { newId } from '../../infrastructure/ids';
import { CasesApi } from '../http/case-action.decorators';
import { RevisionEtagInterceptor } from '../http/revision-etag.interceptor';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { CreateCaseDto, CreatedCaseResponse } from './create-case.dto';
import type { PartyDto } from './create-case.dto';

const party = (p: PartyDto): Party => ({ cityCode: p.cityCode, ...(p.districtCode !== undefined ? { districtCode: p.districtCode } : {}), unitName: p.unitName });

@CasesApi()
@Controller('cases')
export class CreateCaseController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('applicant', 'city')
  @ApiOperation({ summary: 'Create a draft case in a program (applicant, city)' })
  @UseInterceptors(RevisionEtagInterceptor)
  @ApiCreatedResponse({ type: CreatedCaseResponse })
  async create(@Body() body: CreateCaseDto, @Ctx() ctx: RequestContext): Promise<CreatedCaseResponse> {
    // The id is the server's: a client cannot pick (or guess) another case's stream.
    const caseId = newId();
    const { programId, applicant, partners } = body;
    const result = await this.commands.execute(
      new RunCaseCommand(
        caseId,
        {
          type: 'CreateCase',
          data: {
            caseId,
            programId,
            applicant: { level: applicant.level, ...party(applicant) },
            ...(partners !== undefined ? { partners: partners.map(party) } : {}),
          },
        },
        ctx,
      ),
    );
    return { id: caseId, stage: result.stage, revision: result.revision, position: result.position };
  }
}
