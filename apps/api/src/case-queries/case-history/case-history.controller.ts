import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../auth/auth.decorators';
import { toActor } from '../../auth/auth-user';
import type { AuthUser } from '../../auth/auth-user';
import { MinPositionQueryDto } from '../../read-side/read-query';
import { CaseReader } from '../case-detail/case-reader';
import { toHistory } from './case-history.view';
import type { HistoryItem } from './case-history.view';
import { ref } from '../../openapi/schema-helpers';
import { USER_DIRECTORY } from '../../users/user-directory';
import type { UserDirectory } from '../../users/user-directory';

/**
 * `GET /cases/:id/history`: who did what and when — each actor with its display name where its id may be shown —
 * with each event's hash (the stream's tamper-evident chain).
 */
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseHistoryController {
  constructor(
    private readonly cases: CaseReader,
    @Inject(USER_DIRECTORY) private readonly users: UserDirectory,
  ) {}

  @Get(':id/history')
  @ApiOkResponse({ schema: ref('CaseHistory') })
  @ApiOperation({ summary: 'Every event of a visible case, redacted for the caller' })
  async history(
    @Param('id') id: string,
    // Accepted for symmetry with the lists; the stream is always current.
    @Query() _q: MinPositionQueryDto,
    @CurrentUser() user: AuthUser,
  ): Promise<{ items: HistoryItem[] }> {
    const actor = toActor(user);
    const { events } = await this.cases.loadVisible(id, actor);
    return toHistory(events, actor, (userId) => this.users.byId(userId)?.displayName);
  }
}
