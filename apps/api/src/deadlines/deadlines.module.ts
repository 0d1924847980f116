/**
 * Deadlines: stage time limits, reminders and publicity ends, planned from the event log and fired as case
 * commands. Embedded mode only for now: timers in DATA_DIR/timers.sqlite, fired in this process, on the app's
 * CLOCK (so a test clock drives both the timers and the commands' `now`). When REDIS_URL brings BullMQ, the backend
 * factory below picks the BullMQ adapter; nothing else changes. Global so /health can inject the service.
 */
import { Global, Logger, Module } from '@nestjs/common';
import { join } from 'node:path';
import type { Deadline } from '@shenbao/scheduling';
import { CasesModule } from '../cases/cases.module';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG, CLOCK } from '../infrastructure/tokens';
import type { Clock } from '../infrastructure/tokens';
import { WorkflowDefinitionsModule } from '../workflow-definitions/workflow-definitions.module';
import { DEADLINE_BACKEND } from './deadline-backend';
import type { DeadlineBackend } from './deadline-backend';
import { DeadlinesService } from './deadlines.service';
import { FiredDeadlineHandler } from './fired-deadline.handler';
import { LocalDeadlineBackend } from './local-deadline.backend';

export const TIMERS_FILE = 'timers.sqlite';

function openBackend(config: AppConfig, clock: Clock): DeadlineBackend {
  const logger = new Logger('Deadlines');
  return LocalDeadlineBackend.open({
    path: join(config.dataDir, TIMERS_FILE),
    now: clock,
    onError: (error: unknown, deadline?: Deadline) => {
      // The timer keeps the error and is retried with backoff (kept as failed when retries run out).
      if (deadline) logger.warn({ err: error, deadlineId: deadline.id, caseId: deadline.caseId }, 'Deadline handler failed; will retry.');
      else logger.error({ err: error }, 'Deadline timer loop failed; retrying.');
    },
  });
}

@Global()
@Module({
  imports: [CasesModule, WorkflowDefinitionsModule],
  providers: [
    { provide: DEADLINE_BACKEND, useFactory: openBackend, inject: [APP_CONFIG, CLOCK] },
    FiredDeadlineHandler,
    DeadlinesService,
  ],
  exports: [DeadlinesService],
})
export class DeadlinesModule {}
