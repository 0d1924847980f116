/**
 * `GET /programs/:id/monitoring` (API.md "Search and monitoring"): post-approval monitoring of a program's pilot
 * zones from the monitoring read model, worked out for now (monitoring.view.ts) and kept until an event or the clock
 * changes it (monitoring-answers.ts). Province and admin see every zone, a city the zones involving it (a joint zone
 * as a partner too); other roles 403; an unknown program 404.
 */
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@shenbao/domain';
import { monitoredProgramExists, monitoredZones } from '@shenbao/projections';
import type { MonitoredZone } from '@shenbao/projections';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { CurrentUser, Roles } from '../../auth/auth.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { ReqId } from '../../common/http/correlation-id';
import type { HttpResponse } from '../../common/http/http.types';
import { CLOCK } from '@shenbao/host';
import type { Clock } from '@shenbao/host';
import { ref } from '../../openapi/schema-helpers';
import { shippedDefinitions } from '../../read-side/read-models.db';
import { markReadPosition, MinPositionQueryDto, ReadPositionHeaders } from '../../read-side/read-query';
import { ReadModels } from '../../read-side/read-models.service';
import { WorkflowCatalog } from '@shenbao/commands';
import { visibilityOf } from '../viewer';
import { MonitoringAnswers } from './monitoring-answers';
import { monitoringAnswer, type ZoneView } from './monitoring.view';

@ApiTags('programs')
@ApiBearerAuth()
@Controller('programs')
export class ProgramMonitoringController {
  private readonly answers = new MonitoringAnswers();

  constructor(
    private readonly readModels: ReadModels,
    private readonly catalog: WorkflowCatalog,
    @Inject(CLOCK) private readonly clock: Clock,
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
    const now = this.clock();
    const viewer = visibilityOf(user);
    const key = `${id}|${viewer.role === 'city' ? `city:${viewer.cityCode ?? ''}` : 'all'}`;
    const kept = this.answers.get(key, read.position, now);
    if (kept) return kept;
    if (!monitoredProgramExists(this.readModels.db, id)) throw new DomainError('NOT_FOUND', `No program ${id}.`);
    const answer = monitoringAnswer(monitoredZones(this.readModels.db, id, viewer), (z) => this.definition(z), now);
    this.answers.set(key, read.position, answer.validUntil, answer.view);
    return answer.view;
  }

  private definition(zone: MonitoredZone): WorkflowDefinition {
    const { key, version } = zone.workflow;
    const def = this.catalog.get(key, version)?.definition ?? shippedDefinitions(key, version);
    if (!def) throw new Error(`workflow ${key}@${version} of case ${zone.caseId} is unknown to this process`);
    return def;
  }
}
