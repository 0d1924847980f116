/**
 * A worker process for the "killed mid-job" test: takes deadline jobs and blocks in the handler forever, saying so on
 * stdout, so the test can SIGKILL it while a job runs. Env: REDIS_URL, PREFIX, LOCK_MS, STALLED_MS.
 */
import { DeadlineWorker } from './bullmq-deadline.worker';

const worker = new DeadlineWorker({
  connection: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  prefix: process.env.PREFIX,
  lockDurationMs: Number(process.env.LOCK_MS ?? 1000),
  stalledIntervalMs: Number(process.env.STALLED_MS ?? 1000),
  handler: async (deadline) => {
    process.stdout.write(`started ${deadline.id}\n`);
    await new Promise<never>(() => undefined);
  },
});
void worker.ready().then(() => process.stdout.write('ready\n'));
