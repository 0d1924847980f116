import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { inboxFor } from '@shenbao/projections';
import type { InboxItem, Page } from '@shenbao/projections';
import { CurrentUser } from '../../auth/auth.decorators';
import type { AuthUser } from '../../auth/auth-user';
import { markReadPosition, ReadPositionHeaders, pagedQuery } from '../../read-side/read-query';
import { ReadModels } from '../../read-side/read-models.service';
import { visibilityOf } from '../viewer';
import { InboxQueryDto } from './inbox.dto';
import { ReqId } from '../../common/http/correlation-id';
import type { HttpResponse } from '../../common/http/http.types';
import { ref } from '../../openapi/schema-helpers';

/** `GET /inbox`: the caller's pending work and notices — addressed to it or to its role and scope — newest first. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly readModels: ReadModels) {}

  @Get()
  @ApiOkResponse({ schema: ref('InboxPage') })
  @ApiOperation({ summary: "The caller's pending work and notices; {items, nextCursor}" })
  @ReadPositionHeaders()
  async inbox(@Query() q: InboxQueryDto, @CurrentUser() user: AuthUser, @ReqId() reqId: string, @Res({ passthrough: true }) res: HttpResponse): Promise<Page<InboxItem>> {
    markReadPosition(res, await this.readModels.readAt(q.minPosition, reqId));
    return pagedQuery(() =>
      inboxFor(this.readModels.db, visibilityOf(user), {
        ...(q.includeDone !== undefined ? { includeDone: q.includeDone } : {}),
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      }),
    );
  }
}
