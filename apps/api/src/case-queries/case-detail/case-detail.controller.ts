/**
 * `GET /cases/:id[?asOf=]`: the case folded from its stream as the caller may see it, with the actions it may take
 * now and `ETag: "<revision>"`. With `asOf`, the events recorded up to that instant are folded instead (404 before
 * the case existed); actions are offered only when nothing happened since, since no one can act on the past.
 */
import { Controller, Get, Inject, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { allowedActions, caseViewFor } from '@shenbao/domain';
import type { CaseAction } from '@shenbao/domain';
import { CurrentUser } from '../../auth/auth.decorators';
import { toActor } from '../../auth/auth-user';
import type { AuthUser } from '../../auth/auth-user';
import type { HttpResponse } from '../../common/http/http.types';
import { etag } from '../../common/http/if-match';
import { CLOCK } from '@shenbao/host';
import type { Clock } from '@shenbao/host';
import { caseDeadlines, rectificationDeadline } from './case-deadlines';
import { CaseDetailQueryDto } from './case-detail.dto';
import { toCaseDetail } from './case-detail.view';
import type { CaseDetail } from './case-detail.view';
import { CaseReader, caseNotFound, eventsAsOf } from './case-reader';
import { ref } from '../../openapi/schema-helpers';

@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CaseDetailController {
  constructor(
    private readonly cases: CaseReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Get(':id')
  @ApiOkResponse({ schema: ref('CaseDetail'), description: 'ETag carries the revision' })
  @ApiOperation({ summary: 'One case folded from its event stream (optionally as of an instant); ETag is its revision' })
  async detail(
    @Param('id') id: string,
    @Query() q: CaseDetailQueryDto,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: HttpResponse,
  ): Promise<CaseDetail> {
    const actor = toActor(user);
    const loaded = await this.cases.loadVisible(id, actor);
    let { events, state } = loaded;
    if (q.asOf !== undefined) {
      events = eventsAsOf(loaded.events, q.asOf);
      const then = events.length > 0 ? this.cases.fold(loaded.definition, events) : null;
      if (!then) throw caseNotFound(id);
      state = then;
    }
    let actions: CaseAction[] = [];
    if (events.length === loaded.events.length) {
      const program = await this.cases.program(state.programId);
      if (program) actions = allowedActions(state, actor, { now: this.clock(), definition: loaded.definition, program });
    }
    const revision = events[events.length - 1]!.revision;
    void res.header('ETag', etag(revision));
    return toCaseDetail({
      view: caseViewFor(state, actor),
      events,
      deadlines: [...caseDeadlines(loaded.definition, events), ...rectificationDeadline(loaded.definition, state)],
      allowedActions: actions,
      definition: loaded.definition,
      ...(q.asOf !== undefined ? { asOf: q.asOf } : {}),
    });
  }
}
