/**
 * E-mail notices for administrators: `GET /admin/notifications?status=failed|waiting|completed` lists them (failed
 * first of all: those need someone), `POST /admin/notifications/:id/retry` sends a failed one again with a fresh set
 * of attempts (404 unknown, 409 ILLEGAL_TRANSITION when it has not failed).
 * Without SMTP_URL nothing is e-mailed: the list answers 200 `{configured: false, items: []}` and every retry 404.
 */
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DomainError } from '@shenbao/domain';
import { NotificationNotFoundError, NotificationNotRetryableError, type NotificationRecord } from '@shenbao/notifications';
import { Roles } from '../../auth/auth.decorators';
import { DEFAULT_LIMIT, decodeCursor, encodeCursor } from '../../common/http/list-query.dto';
import { NotificationsService } from '@shenbao/commands';
import { ListNotificationsQueryDto, NotificationPage, NotificationView } from './admin-notifications.dto';

/** The cursor is an offset into the status's jobs (newest first); the list is an operator's work queue, not a feed. */
function offsetOf(cursor: string | undefined): number {
  const key = decodeCursor(cursor);
  if (key === undefined) return 0;
  if (!/^\d{1,9}$/.test(key)) throw DomainError.validation([{ field: 'cursor', messages: ['is not a cursor this list returned'] }]);
  return Number(key);
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('admin/notifications')
@Roles('admin')
export class AdminNotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: 'E-mail notices by status, failed ones first of all (admin)' })
  @ApiOkResponse({ type: NotificationPage })
  async list(@Query() query: ListNotificationsQueryDto): Promise<NotificationPage> {
    const status = query.status ?? 'failed';
    const limit = query.limit ?? DEFAULT_LIMIT;
    const offset = offsetOf(query.cursor);
    const { items, total } = await this.notifications.list(status, offset, limit);
    const next = offset + items.length;
    return {
      configured: this.notifications.configured,
      status,
      items: items.map((r) => ({ ...r })),
      nextCursor: items.length > 0 && next < total ? encodeCursor(String(next)) : null,
      total,
    };
  }

  @Post(':id/retry')
  @ApiOperation({ summary: 'Send a failed e-mail notice again with fresh attempts (admin)' })
  @HttpCode(200)
  @ApiOkResponse({ type: NotificationView })
  async retry(@Param('id') id: string): Promise<NotificationRecord> {
    const outbox = this.notifications.outbox;
    if (!outbox) throw new DomainError('NOT_FOUND', `No notification ${id}: e-mail notices are off (SMTP_URL is not set).`);
    try {
      return await outbox.retry(id);
    } catch (e) {
      if (e instanceof NotificationNotFoundError) throw new DomainError('NOT_FOUND', e.message);
      if (e instanceof NotificationNotRetryableError) {
        throw new DomainError('ILLEGAL_TRANSITION', e.message, { state: e.state, allowedActions: [] });
      }
      throw e;
    }
  }
}
