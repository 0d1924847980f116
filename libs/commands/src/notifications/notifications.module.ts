/**
 * E-mail notices (inbox rows are the inbox projection's). Always present, so the API's admin endpoints answer
 * whether or not e-mail is on; active (outbox on queue `notifications`) when SMTP_URL and REDIS_URL are set.
 *
 * - `forRoot(config, 'api', wiring)`: the outbox; the e-mail worker and the notifier too when WORKERS=inline. apps/api
 *   adds through `wiring` its admin endpoints, its bull-board (QUEUE_BOARD) and recipients from its user directory.
 * - `forRoot(config, 'worker')` (apps/worker, with the API on WORKERS=external): the outbox, the e-mail worker and
 *   the notifier, no HTTP. Recipients are folded from the user streams of the log (UserLogDirectory).
 * Run the notifier in one process only: the API with WORKERS=inline, or the worker.
 */
import { Module } from '@nestjs/common';
import type { DynamicModule, ModuleMetadata, Provider, Type } from '@nestjs/common';
import type { EventStore } from '@shenbao/event-store';
import { UserLogDirectory } from '@shenbao/notifications';
import { EVENT_STORE } from '@shenbao/host';
import type { AppConfig } from '@shenbao/host';
import { WorkflowCatalogModule } from '../workflow-definitions/workflow-catalog.module';
import { NOTIFICATIONS_RUN_JOBS, NotificationsService, RECIPIENT_DIRECTORY } from './notifications.service';

export type NotificationsRole = 'api' | 'worker';

/** What the process adds around the service: modules it needs, controllers, and where recipients come from. */
export interface NotificationsWiring {
  imports?: ModuleMetadata['imports'];
  controllers?: Type[];
  /** Provides RECIPIENT_DIRECTORY; default: folded from the user streams of the log. */
  recipients?: Provider;
}

@Module({})
export class NotificationsModule {
  static forRoot(config: AppConfig, role: NotificationsRole = 'api', wiring: NotificationsWiring = {}): DynamicModule {
    const runsJobs = role === 'worker' || config.workers === 'inline';
    const recipients: Provider = wiring.recipients ?? {
      provide: RECIPIENT_DIRECTORY,
      useFactory: (store: EventStore) => new UserLogDirectory(store),
      inject: [EVENT_STORE],
    };
    return {
      module: NotificationsModule,
      imports: [WorkflowCatalogModule, ...(wiring.imports ?? [])],
      controllers: wiring.controllers ?? [],
      providers: [recipients, { provide: NOTIFICATIONS_RUN_JOBS, useValue: runsJobs }, NotificationsService],
      exports: [NotificationsService],
    };
  }
}
