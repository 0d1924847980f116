/**
 * `GET /programs/:id/export.xlsx|export.csv`: one row per case of the program that the caller may see (province and
 * admin: all; a city: its own, as the case list scopes it), streamed. Cases come from the case list read model, a
 * page at a time, newest first; each row is read off the case's own stream (export-row.ts). No monitoring sheet: no
 * monitoring read model exists yet to take it from.
 */
import { Controller, Get, Inject, Param, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { caseStream } from '@shenbao/domain';
import { exportCsv, exportRow, exportXlsx, type ExportRow, type RegionNames } from '@shenbao/documents';
import type { EventStore } from '@shenbao/event-store';
import { listCases, MAX_LIMIT } from '@shenbao/projections';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import type { HttpResponse } from '../common/http/http.types';
import { EVENT_STORE } from '@shenbao/host';
import { ReadModels } from '../read-side/read-models.service';
import { visibilityOf } from '../case-queries/viewer';
import { DocumentSources } from './document-sources';
import { ApiFile, sendFile } from './document-response';

@ApiTags('documents')
@ApiBearerAuth()
@Roles('province', 'admin', 'city')
@Controller('programs/:id')
export class ProgramExportController {
  constructor(
    private readonly sources: DocumentSources,
    private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  @Get('export.xlsx')
  @ApiOperation({ summary: 'The program\'s cases as XLSX, one row each (province, admin; a city gets its own cases), streamed' })
  @ApiFile('xlsx', 'The export')
  async xlsx(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: HttpResponse): Promise<HttpResponse> {
    const { rows, key } = await this.rows(id, user);
    return sendFile(res, 'xlsx', { name: `${key}-申报汇总.xlsx`, ascii: `export-${key}.xlsx` }, exportXlsx(rows, new Date()));
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'The program\'s cases as CSV (UTF-8 with BOM), one row each (province, admin; a city gets its own cases), streamed' })
  @ApiFile('csv', 'The export')
  async csv(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: HttpResponse): Promise<HttpResponse> {
    const { rows, key } = await this.rows(id, user);
    return sendFile(res, 'csv', { name: `${key}-申报汇总.csv`, ascii: `export-${key}.csv` }, exportCsv(rows));
  }

  private async rows(programId: string, user: AuthUser): Promise<{ rows: AsyncIterable<ExportRow>; key: string }> {
    const program = await this.sources.program(programId);
    return { rows: exportRows(this.readModels, this.store, programId, user, program.settings.regions), key: program.settings.key };
  }
}

async function* exportRows(readModels: ReadModels, store: EventStore, programId: string, user: AuthUser, regions: RegionNames[]): AsyncGenerator<ExportRow> {
  const visibility = visibilityOf(user);
  let cursor: string | undefined;
  do {
    const page = listCases(readModels.db, { visibility, programId, limit: MAX_LIMIT, ...(cursor !== undefined ? { cursor } : {}) });
    for (const item of page.items) {
      const events = await store.readStream(caseStream(item.id));
      yield exportRow({
        caseId: item.id,
        stage: item.stage,
        applicant: item.applicant,
        partners: item.partners,
        events: events.map((e) => ({ type: e.type, data: e.data, at: e.metadata.at })),
      }, regions);
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined);
}
