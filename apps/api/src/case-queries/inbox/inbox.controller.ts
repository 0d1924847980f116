import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { inboxFor, withCases } from '@shenbao/projections';
import type { InboxEntry, Page } from '@shenbao/projections';
import { CurrentUser } from '../../auth/auth.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { markReadPosition, ReadPositionHeaders, pagedQuery } from '../../read-side/read-query';
import { ReadModels } from '../../read-side/read-models.service';
import { visibilityOf } from '../viewer';
import { InboxQueryDto } from './inbox.dto';
import { ReqId } from '../../common/http/correlation-id';
import type { HttpResponse } from '../../common/http/http.types';
import { ref } from '../../openapi/schema-helpers';

/**
 * `GET /inbox`: the caller's pending work and notices — addressed to it or to its role and scope — newest first,
 * each with its case's unit, stage, due time and overdue mark (read for the whole page at once, so 待办 needs no
 * `GET /cases/:id` per item).
 */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @ApiOkResponse({ schema: ref('InboxPage') })
  @ApiOperation({ summary: "The caller's pending work and notices, each with its case's stage and due time; {items, nextCursor}" })
  @ReadPositionHeaders()
  async inbox(@Query() q: InboxQueryDto, @CurrentUser() user: AuthUser, @ReqId() reqId: string, @Res({ passthrough: true }) res: HttpResponse): Promise<Page<InboxEntry>> {
    markReadPosition(res, await this.readModels.readAt(q.minPosition, reqId));
    const viewer = visibilityOf(user);
    return pagedQuery(() =>
      withCases(
        this.readModels.db,
        inboxFor(this.readModels.db, viewer, {
          ...(q.includeDone !== undefined ? { includeDone: q.includeDone } : {}),
          ...(q.limit !== undefined ? { limit: q.limit } : {}),
          ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
        }),
        viewer,
      ),
    );
  }
}
