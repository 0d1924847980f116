import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { listCases } from '@shenbao/projections';
import type { CaseListItem, Page } from '@shenbao/projections';
import { CurrentUser } from '../../auth/auth.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { markReadPosition, ReadPositionHeaders, pagedQuery } from '../../read-side/read-query';
import { ReadModels } from '../../read-side/read-models.service';
import { visibilityOf } from '../viewer';
import { ListCasesQueryDto } from './list-cases.dto';
import { ReqId } from '../../common/http/correlation-id';
import type { HttpResponse } from '../../common/http/http.types';
import { ref } from '../../openapi/schema-helpers';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class ListCasesController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @ApiOkResponse({ schema: ref('CasePage') })
  @ApiOperation({ summary: 'Cases the caller may see, filtered, searched (q) and sorted (newest first unless sort says otherwise); {items, nextCursor}' })
  @ReadPositionHeaders()
  async list(@Query() q: ListCasesQueryDto, @CurrentUser() user: AuthUser, @ReqId() reqId: string, @Res({ passthrough: true }) res: HttpResponse): Promise<Page<CaseListItem>> {
    markReadPosition(res, await this.readModels.readAt(q.minPosition, reqId));
    return pagedQuery(() =>
      listCases(this.readModels.db, {
        visibility: visibilityOf(user),
        ...(q.programId !== undefined ? { programId: q.programId } : {}),
        ...(q.stage !== undefined ? { stage: q.stage } : {}),
        ...(q.cityCode !== undefined ? { cityCode: q.cityCode } : {}),
        ...(q.overdue !== undefined ? { overdue: q.overdue } : {}),
        ...(q.overdueRole !== undefined ? { overdueRole: q.overdueRole } : {}),
        ...(q.districtCode !== undefined ? { districtCode: q.districtCode } : {}),
        ...(q.q !== undefined ? { q: q.q } : {}),
        ...(q.sort !== undefined ? { sort: q.sort } : {}),
        ...(q.submittedFrom !== undefined ? { submittedFrom: q.submittedFrom } : {}),
        ...(q.submittedTo !== undefined ? { submittedTo: q.submittedTo } : {}),
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      }),
    );
  }
}
