/**
 * `GET /cases/:id/documents/…`: the 申报书 (PDF, DOCX), the 重点任务（项目）表 (XLSX), the 推荐函 (PDF, DOCX) and the
 * 函复 (PDF), generated from the case as `GET /cases/:id` shows it to the caller (a case the caller may not see is
 * 404). Same case, same bytes: every date in a file is one of the case's own.
 */
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { DomainError } from '@shenbao/domain';
import {
  applicationDocument, approvalLetter, keyProjectsXlsx, recommendationLetter, renderDocx, renderPdf,
} from '@shenbao/documents';
import { CurrentUser } from '../auth/auth.decorators';
import { toActor } from '../auth/auth-user';
import type { AuthUser } from '../auth/auth-user';
import type { HttpResponse } from '../common/http/http.types';
import { DocumentSources, unitNameOf } from './document-sources';
import { ApiFile, sendFile } from './document-response';

export class RecommendationLetterQueryDto {
  @ApiPropertyOptional({ description: "A joint case's letter from this city (default: the caller's city, else the applicant's)", example: '440100' })
  @IsOptional()
  @Matches(/^\d{6}$/, { message: 'cityCode must be a 6-digit GB/T 2260 code, e.g. 440100' })
  cityCode?: string;

  @ApiPropertyOptional({ description: 'Before the city recommends: the letter number its recommendation will carry (with issuedOn), for the letter to seal and upload', example: '穗工信函〔2019〕58号' })
  @IsOptional()
  @IsString()
  @MinLength(1, { message: 'letterNo must not be empty' })
  @MaxLength(100, { message: 'letterNo must be at most 100 characters' })
  letterNo?: string;

  @ApiPropertyOptional({ description: 'Before the city recommends: the date its recommendation will carry (YYYY-MM-DD, with letterNo)', example: '2019-04-10' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'issuedOn must be a date YYYY-MM-DD' })
  issuedOn?: string;
}

/** The letter number and date of a 推荐函 made before its recommendation; both or neither (400 naming the one missing). */
function draftOf(q: RecommendationLetterQueryDto): { letterNo: string; issuedOn: string } | undefined {
  if (q.letterNo === undefined && q.issuedOn === undefined) return undefined;
  const field = q.letterNo === undefined ? 'letterNo' : q.issuedOn === undefined ? 'issuedOn' : undefined;
  if (field) throw new DomainError('VALIDATION_FAILED', `${field} is required with ${field === 'letterNo' ? 'issuedOn' : 'letterNo'}: a 推荐函 before its recommendation needs both`, [{ field, messages: [`${field} is required with ${field === 'letterNo' ? 'issuedOn' : 'letterNo'}`] }]);
  return { letterNo: q.letterNo!, issuedOn: q.issuedOn! };
}

@ApiTags('documents')
@ApiBearerAuth()
@Controller('cases/:id/documents')
export class CaseDocumentsController {
  constructor(private readonly sources: DocumentSources) {}

  @Get('application.pdf')
  @ApiOperation({ summary: '申报书 (附件2) as PDF, with the 重点任务（项目）表 appended; 404 before an application is saved' })
  @ApiFile('pdf', 'The 申报书')
  async applicationPdf(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: HttpResponse): Promise<HttpResponse> {
    const { input, state } = await this.sources.application(id, toActor(user));
    return sendFile(res, 'pdf', { name: `${unitNameOf(state)}-申报书.pdf`, ascii: `application-${id}.pdf` }, await renderPdf(applicationDocument(input)));
  }

  @Get('application.docx')
  @ApiOperation({ summary: '申报书 (附件2) as DOCX, with the 重点任务（项目）表 appended; 404 before an application is saved' })
  @ApiFile('docx', 'The 申报书')
  async applicationDocx(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: HttpResponse): Promise<HttpResponse> {
    const { input, state } = await this.sources.application(id, toActor(user));
    return sendFile(res, 'docx', { name: `${unitNameOf(state)}-申报书.docx`, ascii: `application-${id}.docx` }, await renderDocx(applicationDocument(input)));
  }

  @Get('key-projects.xlsx')
  @ApiOperation({ summary: '综合试验重点任务（项目）表 (附件3) as XLSX, the template\'s columns; 404 before an application is saved' })
  @ApiFile('xlsx', 'The 重点任务（项目）表')
  async keyProjects(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: HttpResponse): Promise<HttpResponse> {
    const { input, state } = await this.sources.application(id, toActor(user));
    const name = `${unitNameOf(state)}-综合试验重点任务（项目）表.xlsx`;
    return sendFile(res, 'xlsx', { name, ascii: `key-projects-${id}.xlsx` }, await keyProjectsXlsx(input.application, input.savedAt));
  }

  @Get('recommendation-letter.pdf')
  @ApiOperation({ summary: '推荐函 (附件1) as PDF, to print, seal and upload back; before the city recommends, made from ?letterNo=&issuedOn= for a city that may recommend now (422 when they break the letter rules), else 404' })
  @ApiFile('pdf', 'The 推荐函')
  async recommendationPdf(@Param('id') id: string, @Query() q: RecommendationLetterQueryDto, @CurrentUser() user: AuthUser, @Res() res: HttpResponse): Promise<HttpResponse> {
    const { input, place } = await this.sources.recommendation(id, toActor(user), q.cityCode, draftOf(q));
    return sendFile(res, 'pdf', { name: `${place}-推荐函.pdf`, ascii: `recommendation-letter-${id}.pdf` }, await renderPdf(recommendationLetter(input)));
  }

  @Get('recommendation-letter.docx')
  @ApiOperation({ summary: '推荐函 (附件1) as DOCX; before the city recommends, made from ?letterNo=&issuedOn= as the PDF, else 404' })
  @ApiFile('docx', 'The 推荐函')
  async recommendationDocx(@Param('id') id: string, @Query() q: RecommendationLetterQueryDto, @CurrentUser() user: AuthUser, @Res() res: HttpResponse): Promise<HttpResponse> {
    const { input, place } = await this.sources.recommendation(id, toActor(user), q.cityCode, draftOf(q));
    return sendFile(res, 'docx', { name: `${place}-推荐函.docx`, ascii: `recommendation-letter-${id}.docx` }, await renderDocx(recommendationLetter(input)));
  }

  @Get('approval-letter.pdf')
  @ApiOperation({ summary: '函复 (the approval reply letter) as PDF; 404 before approval is granted' })
  @ApiFile('pdf', 'The 函复')
  async approvalPdf(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: HttpResponse): Promise<HttpResponse> {
    const { input, place } = await this.sources.approval(id, toActor(user));
    return sendFile(res, 'pdf', { name: `${place}-函复.pdf`, ascii: `approval-letter-${id}.pdf` }, await renderPdf(approvalLetter(input)));
  }
}
