/**
 * Public API of @shenbao/commands: the command side both processes run, as NestJS modules. apps/api mounts its
 * controllers over it; apps/worker runs it without HTTP.
 *
 * - infrastructure: the stores of DATA_DIR (events, snapshots, app.sqlite) and the instance lock, the CommandRunner
 *   (load streams → decide → append with expected revisions), stream turns, the integrity guard, the persisted
 *   read model base, metrics (InfrastructureModule, global);
 * - cases: CaseCommandService, the one way a case changes, and the cached StreamLoader (CaseCommandsModule);
 * - the small read models commands decide against: the workflow catalog and its first-start seed
 *   (WorkflowCatalogModule), the expert pool (ExpertDirectoryModule), the working-day calendar (CalendarBookModule);
 * - deadlines: the deadline consumer, the local and BullMQ backends and the commands fired timers send
 *   (DeadlinesModule.forRoot('api' | 'worker'));
 * - notifications: the e-mail outbox, worker and notifier (NotificationsModule.forRoot).
 */
export * from './infrastructure/app-database';
export * from './infrastructure/command-runner';
export * from './infrastructure/ids';
export * from './infrastructure/infrastructure.module';
export * from './infrastructure/instance-lock';
export * from './infrastructure/integrity-guard';
export * from './infrastructure/keyed-queue';
export * from './infrastructure/lease/lease';
export * from './infrastructure/lease/leased-work';
export * from './infrastructure/lease/leases';
export * from './infrastructure/lease/postgres-lease';
export * from './infrastructure/lease/redis-lease';
export * from './infrastructure/persisted-read-model';
export * from './infrastructure/stream-turns';
export * from './observability/metrics.service';
export * from './cases/case-command.service';
export * from './cases/case-commands.module';
export * from './cases/loading/fold-cache';
export * from './cases/loading/snapshot-store';
export * from './cases/loading/stream-loader';
export * from './workflow-definitions/workflow-catalog';
export * from './workflow-definitions/workflow-catalog.module';
export * from './workflow-definitions/workflow-stream';
export * from './workflow-definitions/seed/workflow-seeder';
export * from './experts/expert-directory';
export * from './experts/expert-directory.module';
export * from './calendar/calendar-book';
export * from './calendar/calendar-book.module';
export * from './deadlines/deadline-backend';
export * from './deadlines/bullmq-deadline.backend';
export * from './deadlines/local-deadline.backend';
export * from './deadlines/calendar-replans';
export * from './deadlines/deadlines.module';
export * from './deadlines/deadlines.service';
export * from './deadlines/fired-deadline.handler';
export * from './deadlines/program-window.sender';
export * from './notifications/notifications.service';
export * from './notifications/notifications.module';
