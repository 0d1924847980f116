/**
 * What the provincial office watches per program (API.md "Programs"): `GET /programs/:id/dashboard` — funnel,
 * recommendations per city against their limits, approvals against the quota, batches, overdue work, cases ready
 * for publicity — and `GET /programs/:id/batches`. Province and admin only; an unknown program is 404.
 */
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@shenbao/domain';
import { DASHBOARD_TABLES, getBatches, getDashboard } from '@shenbao/projections';
import type { ApprovalBatchView, DashboardView, PublicityBatchView } from '@shenbao/projections';
import { Roles } from '../../auth/auth.decorators';
import { markReadPosition, ReadPositionHeaders, MinPositionQueryDto } from '../../read-side/read-query';
import { ReadModels } from '../../read-side/read-models.service';
import { ReqId } from '../../common/http/correlation-id';
import type { HttpResponse } from '../../common/http/http.types';
import { ref } from '../../openapi/schema-helpers';

const programNotFound = (id: string): DomainError => new DomainError('NOT_FOUND', `No program ${id}.`);

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
@Roles('province', 'admin')
export class ProgramDashboardController {
  constructor(private readonly readModels: ReadModels) {}

  @Get(':id/dashboard')
  @ApiOkResponse({ schema: ref('Dashboard') })
  @ApiOperation({ summary: 'Funnel, city limits, quota, batches, overdue work and cases ready for publicity' })
  @ReadPositionHeaders()
  async dashboard(@Param('id') id: string, @Query() q: MinPositionQueryDto, @ReqId() reqId: string, @Res({ passthrough: true }) res: HttpResponse): Promise<DashboardView> {
    markReadPosition(res, await this.readModels.readAt(q.minPosition, reqId));
    const view = getDashboard(this.readModels.db, id);
    if (!view) throw programNotFound(id);
    return view;
  }

  @Get(':id/batches')
  @ApiOkResponse({ schema: ref('Batches') })
  @ApiOperation({ summary: 'Publicity batches and approval batches of the program' })
  @ReadPositionHeaders()
  async batches(
    @Param('id') id: string,
    @Query() q: MinPositionQueryDto,
    @ReqId() reqId: string,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<{ publicity: PublicityBatchView[]; approval: ApprovalBatchView[] }> {
    markReadPosition(res, await this.readModels.readAt(q.minPosition, reqId));
    const known = this.readModels.db.prepare(`SELECT 1 FROM ${DASHBOARD_TABLES.programs} WHERE program_id = ?`).get(id);
    if (!known) throw programNotFound(id);
    return getBatches(this.readModels.db, id);
  }
}
