/**
 * `GET /programs/:id/export.xlsx|export.csv`: one row per case of the program that the caller may see (province and
 * admin: all; a city: its own, as the case list scopes it), streamed. Cases come from the case list read model, a
 * page at a time, newest first; each row is read off the case's own stream (export-row.ts). The XLSX has a second
 * sheet, 跟踪监测, with the pilot zones exactly as `GET /programs/:id/monitoring` answers the caller (ProgramMonitoring;
 * a program's zones are at most its approval quota, so they are read at once and their rows written as they come);
 * the CSV stays the one table of cases (README: a CSV has no sheets; the monitoring table is the JSON route's).
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
import { ProgramMonitoring } from '../case-queries/program-monitoring/program-monitoring';
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
    private readonly monitoring: ProgramMonitoring,
  ) {}

  @Get('export.xlsx')
  @ApiOperation({
    summary: 'The program\'s cases as XLSX, one row each (province, admin; a city gets its own cases), streamed; a second sheet 跟踪监测 with the pilot zones as GET /programs/:id/monitoring gives them',
  })
  @ApiFile('xlsx', 'The export')
  async xlsx(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: HttpResponse): Promise<HttpResponse> {
    const { rows, key, regions } = await this.rows(id, user);
    const { position } = await this.readModels.readAt(undefined);
    const { zones } = this.monitoring.zones(id, visibilityOf(user), position);
    return sendFile(res, 'xlsx', { name: `${key}-申报汇总.xlsx`, ascii: `export-${key}.xlsx` }, exportXlsx(rows, new Date(), { zones, regions }));
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'The program\'s cases as CSV (UTF-8 with BOM), one row each (province, admin; a city gets its own cases), streamed; one table (the monitoring table is in the XLSX and GET /programs/:id/monitoring)' })
  @ApiFile('csv', 'The export')
  async csv(@Param('id') id: string, @CurrentUser() user: AuthUser, @Res() res: HttpResponse): Promise<HttpResponse> {
    const { rows, key } = await this.rows(id, user);
    return sendFile(res, 'csv', { name: `${key}-申报汇总.csv`, ascii: `export-${key}.csv` }, exportCsv(rows));
  }

  private async rows(programId: string, user: AuthUser): Promise<{ rows: AsyncIterable<ExportRow>; key: string; regions: RegionNames[] }> {
    const program = await this.sources.program(programId);
    const { regions } = program.settings;
    return { rows: exportRows(this.readModels, this.store, programId, user, regions), key: program.settings.key, regions };
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
