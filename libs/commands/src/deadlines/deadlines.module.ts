/**
 * Deadlines: stage time limits, reminders and publicity ends, planned from the event log and fired as case
 * commands, on the app's CLOCK (so a test clock drives both the due times and the commands' `now`).
 *
 * Where the timers live is the backend factory's choice: without REDIS_URL, SQLite timers in DATA_DIR/timers.sqlite
 * fired in this process; with it, BullMQ jobs in queue `deadlines` under REDIS_PREFIX. Who runs the consumer and the
 * worker depends on the process: the API runs them unless WORKERS=external (then it only reads the queue, and
 * apps/worker, which imports this module with `forRoot('worker')`, runs them — in one process only). Global so
 * /health, /metrics and bull-board can inject the service, the backend and the Redis probe.
 */
import { Global, Logger, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { join } from 'node:path';
import { DEFAULT_PREFIX } from '@shenbao/scheduling';
import type { Deadline } from '@shenbao/scheduling';
import { CalendarBookModule } from '../calendar/calendar-book.module';
import { CaseCommandsModule } from '../cases/case-commands.module';
import type { AppConfig, Clock } from '@shenbao/host';
import { APP_CONFIG, CLOCK, REDIS_PROBE, RedisProbe } from '@shenbao/host';
import { WorkflowCatalogModule } from '../workflow-definitions/workflow-catalog.module';
import { BullmqDeadlineBackend } from './bullmq-deadline.backend';
import { CalendarReplans } from './calendar-replans';
import { DEADLINE_BACKEND } from './deadline-backend';
import type { DeadlineBackend } from './deadline-backend';
import { DeadlinesService } from './deadlines.service';
import { FiredDeadlineHandler } from './fired-deadline.handler';
import { ProgramWindowSender } from './program-window.sender';
import { LocalDeadlineBackend } from './local-deadline.backend';

export const TIMERS_FILE = 'timers.sqlite';

/** `api`: the HTTP process; `worker`: apps/worker, which always runs the consumer and the worker (REDIS_URL required). */
export type DeadlineProcess = 'api' | 'worker';

/** Whether this process runs the deadline consumer and fires deadlines. */
export function firesDeadlines(config: AppConfig, role: DeadlineProcess): boolean {
  if (role === 'worker') return true;
  return config.redisUrl === undefined || config.workers === 'inline';
}

export function openBackend(config: AppConfig, clock: Clock, role: DeadlineProcess): DeadlineBackend {
  const logger = new Logger('Deadlines');
  const onError = (error: unknown, deadline?: Deadline): void => {
    // The timer (or job) keeps the error and is retried with backoff, kept as failed when retries run out.
    if (deadline) logger.warn({ err: error, deadlineId: deadline.id, caseId: deadline.caseId }, 'Deadline handler failed; will retry.');
    else logger.error({ err: error }, 'Deadline timers failed (Redis unreachable, or the local loop); retrying.');
  };
  if (config.redisUrl !== undefined) {
    return new BullmqDeadlineBackend({
      redisUrl: config.redisUrl,
      prefix: config.redisPrefix ?? DEFAULT_PREFIX,
      now: clock,
      runsHere: firesDeadlines(config, role),
      onError,
    });
  }
  if (role === 'worker') throw new Error('apps/worker needs REDIS_URL: without it deadlines are local timers inside the API process');
  return LocalDeadlineBackend.open({ path: join(config.dataDir, TIMERS_FILE), now: clock, onError });
}

@Global()
@Module({})
export class DeadlinesModule {
  static forRoot(role: DeadlineProcess = 'api'): DynamicModule {
    return {
      module: DeadlinesModule,
      imports: [CaseCommandsModule, WorkflowCatalogModule, CalendarBookModule],
      providers: [
        { provide: DEADLINE_BACKEND, useFactory: (config: AppConfig, clock: Clock) => openBackend(config, clock, role), inject: [APP_CONFIG, CLOCK] },
        {
          provide: REDIS_PROBE,
          useFactory: (config: AppConfig) => (config.redisUrl !== undefined ? new RedisProbe(config.redisUrl) : null),
          inject: [APP_CONFIG],
        },
        ProgramWindowSender,
        FiredDeadlineHandler,
        CalendarReplans,
        DeadlinesService,
      ],
      exports: [DeadlinesService, CalendarReplans, DEADLINE_BACKEND, REDIS_PROBE],
    };
  }
}
