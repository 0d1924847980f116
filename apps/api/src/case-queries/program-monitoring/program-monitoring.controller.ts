/**
 * `GET /programs/:id/monitoring` (API.md "Search and monitoring"): post-approval monitoring of a program's pilot
 * zones from the monitoring read model (program-monitoring.ts). Province and admin see every zone, a city the zones
 * involving it (a joint zone as a partner too); other roles 403; an unknown program 404.
 */
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { ReqId } from '../../common/http/correlation-id';
import type { HttpResponse } from '../../common/http/http.types';
import { ref } from '../../openapi/schema-helpers';
import { markReadPosition, MinPositionQueryDto, ReadPositionHeaders } from '../../read-side/read-query';
import { ReadModels } from '../../read-side/read-models.service';
import { visibilityOf } from '../viewer';
import type { ZoneView } from './monitoring.view';
import { ProgramMonitoring } from './program-monitoring';

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramMonitoringController {
  constructor(
    private readonly readModels: ReadModels,
    private readonly programs: ProgramMonitoring,
  ) {}

  @Get(':id/monitoring')
  @Roles('province', 'admin', 'city')
  @ApiOkResponse({ schema: ref('Monitoring') })
  @ApiOperation({
    summary: 'Post-approval monitoring per zone: reports by period, ratings, investment, rectifications, zones at risk first',
    description: 'Province and admin: every zone; a city: the zones involving it. See the Monitoring schema for the period statuses and risk codes.',
  })
  @ReadPositionHeaders()
  async monitoring(
    @Param('id') id: string,
    @Query() q: MinPositionQueryDto,
    @CurrentUser() user: AuthUser,
    @ReqId() reqId: string,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<{ zones: ZoneView[] }> {
    const read = await this.readModels.readAt(q.minPosition, reqId);
    markReadPosition(res, read);
    return this.programs.zones(id, visibilityOf(user), read.position);
  }
}
