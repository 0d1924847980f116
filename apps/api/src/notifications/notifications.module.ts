/**
 * E-mail notices (inbox rows are the inbox projection's). Always present, so the admin endpoints answer whether or
 * not e-mail is on; active (outbox on queue `notifications`) when SMTP_URL and REDIS_URL are set.
 *
 * - `forRoot(config, 'api')`: the admin endpoints and the outbox; the e-mail worker and the notifier too when
 *   WORKERS=inline. Recipients come from the API's user directory.
 * - `forRoot(config, 'worker')` (apps/worker, with the API on WORKERS=external): the outbox, the e-mail worker and
 *   the notifier, no HTTP. Recipients are folded from the user streams of the log (UserLogDirectory).
 * Run the notifier in one process only: the API with WORKERS=inline, or the worker.
 */
import { Module } from '@nestjs/common';
import type { DynamicModule, Provider } from '@nestjs/common';
import type { EventStore } from '@shenbao/event-store';
import { UserLogDirectory } from '@shenbao/notifications';
import { AdminQueuesModule } from '../admin-queues/admin-queues.module';
import { AuthModule } from '../auth/auth.module';
import type { AppConfig } from '@shenbao/host';
import { EVENT_STORE } from '@shenbao/host';
import { USER_DIRECTORY } from '../users/user-directory';
import type { UserDirectory } from '../users/user-directory';
import { WorkflowDefinitionsModule } from '../workflow-definitions/workflow-definitions.module';
import { AdminNotificationsController } from './admin-notifications/admin-notifications.controller';
import { NOTIFICATIONS_RUN_JOBS, NotificationsService, RECIPIENT_DIRECTORY } from './notifications.service';
import { UserRecipientDirectory } from './user-recipient.directory';

export type NotificationsRole = 'api' | 'worker';

@Module({})
export class NotificationsModule {
  static forRoot(config: AppConfig, role: NotificationsRole = 'api'): DynamicModule {
    const runsJobs = role === 'worker' || config.workers === 'inline';
    const recipients: Provider =
      role === 'api'
        ? { provide: RECIPIENT_DIRECTORY, useFactory: (users: UserDirectory) => new UserRecipientDirectory(users), inject: [USER_DIRECTORY] }
        : { provide: RECIPIENT_DIRECTORY, useFactory: (store: EventStore) => new UserLogDirectory(store), inject: [EVENT_STORE] };
    return {
      module: NotificationsModule,
      imports: [WorkflowDefinitionsModule, ...(role === 'api' ? [AuthModule, AdminQueuesModule] : [])],
      controllers: role === 'api' ? [AdminNotificationsController] : [],
      providers: [recipients, { provide: NOTIFICATIONS_RUN_JOBS, useValue: runsJobs }, NotificationsService],
      exports: [NotificationsService],
    };
  }
}
