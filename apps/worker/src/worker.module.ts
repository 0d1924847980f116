/**
 * apps/worker's module: the host's configuration and logging (@shenbao/host); the command side it shares with the
 * API (@shenbao/commands): the infrastructure (clock, event store on the same DATA_DIR, CommandRunner, metrics), the
 * case command service it sends commands through like any client and the workflow catalog; and the job modules:
 * deadlines (`DeadlinesModule.forRoot('worker')`: the deadline consumer and the BullMQ deadline worker) and whatever
 * `workerJobModules` adds, and the heartbeat its health check reads. No HTTP, no projections (read models belong to
 * the API), no users. It imports libs only, never apps/api (.dependency-cruiser.cjs, no-app-imports-another-app).
 */
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { LoggingModule } from '@shenbao/host';
import type { AppConfig, AppOverrides } from '@shenbao/host';
import { CaseCommandsModule, DeadlinesModule, InfrastructureModule, WorkflowCatalogModule } from '@shenbao/commands';
import { WorkerHeartbeat } from './heartbeat';
import { workerJobModules } from './worker-jobs';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, overrides: AppOverrides = {}): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        InfrastructureModule.forRoot(config, overrides),
        LoggingModule.forRoot(config.logLevel),
        WorkflowCatalogModule,
        CaseCommandsModule,
        DeadlinesModule.forRoot('worker'),
        ...workerJobModules(config),
      ],
      // The container's health signal (heartbeat.ts).
      providers: [WorkerHeartbeat],
    };
  }
}
