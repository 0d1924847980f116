import { Body, Controller, HttpCode, Put, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Ctx, Roles } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseId, CasesApi } from '../http/case-action.decorators';
import { CaseActionResponse } from '../http/case-action.response';
import { RevisionEtagInterceptor } from '../http/revision-etag.interceptor';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { ApplicationDoc } from './save-application.dto';

@CasesApi()
@Controller('cases')
export class SaveApplicationController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':id/application')
  @Roles('applicant')
  @HttpCode(200)
  @ApiOperation({ summary: 'Save the whole application form of a draft (applicant)' })
  @UseInterceptors(RevisionEtagInterceptor)
  @ApiBody({ type: ApplicationDoc, description: 'The whole form; formats are checked now, completeness on submit' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The case revision ("<revision>", the ETag) this edit is based on; 409 REVISION_CONFLICT when stale' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat the same request with the same key to get the first response and append nothing' })
  @ApiOkResponse({ type: CaseActionResponse })
  save(
    @CaseId() id: string,
    // Deliberately untyped for the validation pipe: validateApplicationFormat checks the whole body (see the DTO file).
    @Body() application: unknown,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse> {
    return this.commands.execute(new RunCaseCommand(id, { type: 'SaveApplication', data: { application } }, ctx, expectedRevision));
  }
}
