/**
 * `npm run worker`: the BullMQ workers (deadlines, and notifications once wired in worker-jobs.ts) and the deadline
 * consumer that feeds them, against the API's DATA_DIR and REDIS_URL. Reads the same environment as the API.
 * Run one worker process per installation (the deadline consumer must run in one process only), and start the API
 * with WORKERS=external. SIGTERM/SIGINT: stop taking jobs, let the running one finish, close the stores, exit 0.
 */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { DEFAULT_PREFIX } from '@shenbao/scheduling';
import { configOrExit } from '@shenbao/host';
import { checkWorkerConfig, createWorker } from './worker.app';

async function main(): Promise<void> {
  const config = configOrExit(checkWorkerConfig);
  const app = await createWorker(config);
  const logger = new Logger('Main');
  for (const notice of config.dataDirNotices ?? []) new Logger('DataDir').warn(notice);
  // Handled here rather than by enableShutdownHooks, which re-raises the signal after closing (exit 143): a worker
  // that stopped cleanly exits 0, and a second signal during the wait stops at once.
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting for the running jobs (they are taken over once their lock expires).`);
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal}: no new jobs; waiting for the running ones, then closing.`);
    app.close().then(
      () => {
        logger.log('Worker stopped.');
        process.exit(0);
      },
      (e: unknown) => {
        process.stderr.write(`Shenbao worker did not stop cleanly: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  const prefix = config.redisPrefix ?? DEFAULT_PREFIX;
  logger.log(`Shenbao worker running: deadlines from ${prefix}:deadlines, data in ${config.dataDir}. Stop with SIGTERM.`);
}

main().catch((e: unknown) => {
  process.stderr.write(`Shenbao worker failed to start: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
