import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@shenbao/domain';
import { CurrentUser, Roles } from '../auth/auth.decorators';
import type { AuthUser } from '../auth/auth-user';
import type { HttpRequest, HttpResponse } from '../common/http/http.types';
import { QueueBoard } from './queue-board';
import { QUEUES_PATH, QueuesAccess } from './queues-access';

export class QueuesSessionResponse {
  /** Where bull-board is served. */
  path!: string;
  /** When the cookie stops working (15 minutes). */
  expiresAt!: string;
}

/**
 * `POST /api/v1/admin/queues/session` (admin): sets the short-lived cookie that lets a browser open bull-board at
 * /admin/queues (a page load cannot carry the bearer header). See queues-access.ts.
 */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('admin/queues/session')
export class QueuesSessionController {
  constructor(
    private readonly board: QueueBoard,
    private readonly access: QueuesAccess,
  ) {}

  @Post()
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'Open a 15-minute cookie session for the queue console at /admin/queues (admin)' })
  @ApiOkResponse({ type: QueuesSessionResponse, description: 'Set-Cookie: shenbao_queues=…; Path=/admin/queues; HttpOnly; SameSite=Strict' })
  @ApiForbiddenResponse({ description: 'FORBIDDEN: admins only' })
  @ApiNotFoundResponse({ description: 'NOT_FOUND: REDIS_URL is not set, so there are no job queues' })
  async open(@CurrentUser() user: AuthUser, @Req() req: HttpRequest, @Res({ passthrough: true }) res: HttpResponse): Promise<QueuesSessionResponse> {
    if (!this.board.mounted) throw new DomainError('NOT_FOUND', 'There are no job queues: REDIS_URL is not set.');
    const session = await this.access.issueSession(user);
    void res.header('Set-Cookie', session.cookie + QueuesAccess.secureSuffix(req));
    return { path: QUEUES_PATH, expiresAt: session.expiresAt };
  }
}
