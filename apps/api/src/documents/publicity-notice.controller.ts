/**
 * `GET /programs/:id/publicity-batches/:batchId/notice.pdf|notice.html`: the 公示 notice of a publicity batch (its
 * zones, its period, how and where to object, the contact), for the province to publish. Province and admin only:
 * the notice is made before it is published.
 */
import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { publicityNotice, renderHtml, renderPdf } from '@shenbao/documents';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import { toActor } from '../auth/auth-user';
import type { AuthUser } from '../auth/auth-user';
import type { HttpResponse } from '../common/http/http.types';
import { DocumentSources } from './document-sources';
import { ApiFile, sendFile } from './document-response';

/** The page carries its own style and nothing else: no script, no resource from elsewhere. */
const NOTICE_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

@ApiTags('documents')
@ApiBearerAuth()
@Roles('province', 'admin')
@Controller('programs/:id/publicity-batches/:batchId')
export class PublicityNoticeController {
  constructor(private readonly sources: DocumentSources) {}

  @Get('notice.pdf')
  @ApiOperation({ summary: '公示 notice of a publicity batch as PDF (province, admin); 404 for an unknown batch' })
  @ApiFile('pdf', 'The 公示 notice')
  async pdf(@Param('id') id: string, @Param('batchId') batchId: string, @CurrentUser() user: AuthUser, @Res() res: HttpResponse): Promise<HttpResponse> {
    const input = await this.sources.publicity(id, batchId, toActor(user));
    return sendFile(res, 'pdf', { name: `公示-${batchId}.pdf`, ascii: `publicity-notice-${batchId}.pdf` }, await renderPdf(publicityNotice(input)));
  }

  @Get('notice.html')
  @ApiOperation({ summary: '公示 notice of a publicity batch as a self-contained HTML page to publish as it is (province, admin)' })
  @ApiFile('html', 'The 公示 notice')
  async html(@Param('id') id: string, @Param('batchId') batchId: string, @CurrentUser() user: AuthUser, @Res() res: HttpResponse): Promise<HttpResponse> {
    const input = await this.sources.publicity(id, batchId, toActor(user));
    void res.header('Content-Security-Policy', NOTICE_PAGE_CSP);
    return sendFile(res, 'html', { name: `公示-${batchId}.html`, ascii: `publicity-notice-${batchId}.html` }, renderHtml(publicityNotice(input)), true);
  }
}
