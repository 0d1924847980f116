import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Ctx } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { newId } from '../../infrastructure/ids';
import { CaseActionRoute, CaseId, CasesApi } from '../http/case-action.decorators';
import type { CaseActionResponse } from '../http/case-action.response';
import { RunCaseCommand } from '../run-case-command/run-case-command.command';
import { FileProgressReportDto } from './file-progress-report.dto';

@CasesApi()
@Controller('cases')
export class FileProgressReportController {
  constructor(private readonly commands: CommandBus) {}

  @CaseActionRoute(':id/progress-reports', ['applicant'], 'File a progress report of an approved zone (applicant)')
  async file(
    @CaseId() id: string,
    @Body() body: FileProgressReportDto,
    @IfMatch() expectedRevision: number | undefined,
    @Ctx() ctx: RequestContext,
  ): Promise<CaseActionResponse & { reportId: string }> {
    const reportId = newId();
    const data = {
      reportId,
      period: body.period,
      narrative: body.narrative,
      indicators: body.indicators.map(({ name, target, actual }) => ({ name, target, actual })),
      projects: body.projects.map(({ seq, investedToDate, status }) => ({ seq, investedToDate, status })),
    };
    const result = await this.commands.execute(new RunCaseCommand(id, { type: 'FileProgressReport', data }, ctx, expectedRevision));
    return { reportId, ...result };
  }
}
