/**
 * bull-board for operators: the BullMQ queues at /admin/queues, admins only (see queues-access.ts for why an Express
 * middleware and a session cookie rather than the global guard). Exports `QueueBoard` (also as QUEUE_BOARD) so a module that
 * owns a queue (notifications) can `add` it.
 */
import { Module } from '@nestjs/common';
import { QUEUE_BOARD } from '@shenbao/commands';
import { AuthModule } from '../auth/auth.module';
import { QueueBoard } from './queue-board';
import { QueuesAccess } from './queues-access';
import { QueuesSessionController } from './queues-session.controller';

@Module({
  // For the user directory the access check reads.
  imports: [AuthModule],
  controllers: [QueuesSessionController],
  // QUEUE_BOARD: the same board, for @shenbao/commands' notifications (which know it only by that token).
  providers: [QueuesAccess, QueueBoard, { provide: QUEUE_BOARD, useExisting: QueueBoard }],
  exports: [QueueBoard, QUEUE_BOARD],
})
export class AdminQueuesModule {}
