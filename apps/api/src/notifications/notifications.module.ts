/**
 * The API's e-mail notices: @shenbao/commands' NotificationsModule (the outbox, and with WORKERS=inline the e-mail
 * worker and the notifier) with the admin endpoints, bull-board and recipients from the API's user directory.
 */
import type { DynamicModule } from '@nestjs/common';
import { NotificationsModule, RECIPIENT_DIRECTORY } from '@shenbao/commands';
import type { AppConfig } from '@shenbao/host';
import { AdminQueuesModule } from '../admin-queues/admin-queues.module';
import { AuthModule } from '../auth/auth.module';
import { USER_DIRECTORY } from '../users/user-directory';
import type { UserDirectory } from '../users/user-directory';
import { AdminNotificationsController } from './admin-notifications/admin-notifications.controller';
import { UserRecipientDirectory } from './user-recipient.directory';

export function apiNotificationsModule(config: AppConfig): DynamicModule {
  return NotificationsModule.forRoot(config, 'api', {
    imports: [AuthModule, AdminQueuesModule],
    controllers: [AdminNotificationsController],
    recipients: { provide: RECIPIENT_DIRECTORY, useFactory: (users: UserDirectory) => new UserRecipientDirectory(users), inject: [USER_DIRECTORY] },
  });
}
