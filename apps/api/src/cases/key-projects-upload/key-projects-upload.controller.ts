/**
 * `PUT /cases/:id/application/key-projects` (API.md "Attachments, documents, exports"): the applicant uploads the
 * 重点任务（项目）表 it downloaded (`GET /cases/:id/documents/key-projects.xlsx`) and filled in offline; the rows
 * replace the draft's key projects. Answers like `PUT /cases/:id/application`.
 */
import { Body, Controller, HttpCode, Put, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiResponse } from '@nestjs/swagger';
import { Ctx, Roles } from '../../auth/auth.decorators';
import type { RequestContext } from '../../auth/auth.decorators';
import { IfMatch } from '../../common/http/if-match';
import { CaseId, CasesApi } from '../http/case-action.decorators';
import { CaseActionResponse } from '../http/case-action.response';
import { RevisionEtagInterceptor } from '../http/revision-etag.interceptor';
import type { CaseCommandResult } from '@shenbao/commands';
import { UploadKeyProjects } from './upload-key-projects.command';
import { XLSX_BODY_LIMIT_BYTES, XLSX_MEDIA_TYPE } from './xlsx-body';

@CasesApi()
@Controller('cases')
export class KeyProjectsUploadController {
  constructor(private readonly commands: CommandBus) {}

  @Put(':id/application/key-projects')
  @Roles('applicant')
  @HttpCode(200)
  @UseInterceptors(RevisionEtagInterceptor)
  @ApiOperation({
    summary: 'Replace the draft\'s key projects with the rows of an uploaded 重点任务（项目）表 (XLSX, applicant)',
    description:
      'The body is the workbook of `GET /cases/:id/documents/key-projects.xlsx`, filled in. The rest of the form stays as saved. ' +
      'Each bad cell is named by its row and column (400 VALIDATION_FAILED, details [{row, column, cell, messages}]) and nothing is saved; ' +
      `a body that is no XLSX workbook is 415; over ${XLSX_BODY_LIMIT_BYTES / 1024 / 1024} MB, 413.`,
    operationId: 'UploadKeyProjects',
  })
  @ApiConsumes(XLSX_MEDIA_TYPE)
  @ApiBody({ schema: { type: 'string', format: 'binary' }, description: 'The filled-in 重点任务（项目）表' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The case revision ("<revision>", the ETag) this upload is based on; 409 REVISION_CONFLICT when stale' })
  @ApiOkResponse({ type: CaseActionResponse, description: 'Saved; ETag carries the revision' })
  @ApiResponse({
    status: 400,
    description:
      'VALIDATION_FAILED: the table has problems and nothing was saved. details: [{row (as Excel numbers it; null for the whole file), ' +
      'column (the template\'s header, 总投资（万元）; null for a whole row or the file), cell? (E7), messages: [text]}]',
  })
  @ApiResponse({ status: 415, description: 'The body is not an XLSX workbook (an .xls, .ods, .csv …)' })
  upload(@CaseId() id: string, @Body() body: unknown, @IfMatch() expectedRevision: number | undefined, @Ctx() ctx: RequestContext): Promise<CaseCommandResult> {
    return this.commands.execute(new UploadKeyProjects(id, body, ctx, expectedRevision));
  }
}
