/**
 * bull-board for operators: the BullMQ queues at /admin/queues, admins only (see queues-access.ts for why an Express
 * middleware and a session cookie rather than the global guard). Exports `QueueBoard` so a module that owns a queue
 * (notifications) can `add` it.
 */
import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { QueueBoard } from './queue-board';
import { QueuesAccess } from './queues-access';
import { QueuesSessionController } from './queues-session.controller';

@Module({
  // For the user directory the access check reads.
  imports: [AuthModule],
  controllers: [QueuesSessionController],
  providers: [QueuesAccess, QueueBoard],
  exports: [QueueBoard],
})
export class AdminQueuesModule {}
