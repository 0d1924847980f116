/**
 * The job modules apps/worker runs besides deadlines: notifications (`NotificationsModule.forRoot(config, 'worker')`:
 * the outbox on queue `notifications`, the e-mail worker and the notifier that feeds it; idle without SMTP_URL).
 * Another BullMQ job module goes here too: one that starts its Worker in `onApplicationBootstrap` and closes it
 * (waiting for the running job) in `onModuleDestroy`, like DeadlinesService; it gets everything the API's
 * infrastructure provides (config, clock, event store, CommandRunner, MetricsService, the case command service).
 */
import type { DynamicModule, Type } from '@nestjs/common';
import type { AppConfig } from '@shenbao/host';
import { NotificationsModule } from '@shenbao/commands';

export function workerJobModules(config: AppConfig): (Type | DynamicModule)[] {
  return [NotificationsModule.forRoot(config, 'worker')];
}
