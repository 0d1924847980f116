/**
 * Builds apps/worker: a Nest application context (no HTTP server) over `WorkerModule`. `main.ts` runs it until
 * SIGTERM/SIGINT; e2e tests start it in-process against an API's DATA_DIR. Closing it stops the deadline consumer,
 * closes the BullMQ worker (waiting for the running job, whose command completes) and then the stores.
 */
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PinoNestLogger, ConfigError } from '@shenbao/host';
import type { AppConfig, AppOverrides } from '@shenbao/host';
import { WorkerModule } from './worker.module';

/** Refuses a configuration the worker cannot run with (its jobs come from Redis). */
export function checkWorkerConfig(config: AppConfig): void {
  if (config.redisUrl === undefined) {
    throw new ConfigError([
      'apps/worker needs REDIS_URL: it takes deadline and notification jobs from Redis (without REDIS_URL the API runs deadlines itself, and no worker is needed)',
    ]);
  }
}

export async function createWorker(config: AppConfig, overrides: AppOverrides = {}): Promise<INestApplicationContext> {
  checkWorkerConfig(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config, overrides), { bufferLogs: true });
  app.useLogger(app.get(PinoNestLogger));
  await app.init();
  return app;
}
