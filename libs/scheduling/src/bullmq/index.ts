/** The BullMQ deadline adapter: scheduler, worker, Redis checkpoint store, rebuild helpers. */
export {
  BullmqDeadlineScheduler,
  type BullmqDeadlineSchedulerOptions,
  type BullmqRetryPolicy,
  type DeadlineJobCounts,
} from './bullmq-deadline.scheduler';
export { DeadlineWorker, type DeadlineOutcome, type DeadlineWorkerOptions } from './bullmq-deadline.worker';
export { RedisCheckpointStore } from './redis-checkpoint.store';
export { resyncDeadlines, resyncDeadlinesIfLost, type ClearableDeadlineScheduler, type ResyncOptions } from './deadline-resync';
export {
  DEADLINES_QUEUE,
  DEFAULT_DONE_TTL_MS,
  DEFAULT_PREFIX,
  deadlineKeys,
  deleteKeys,
  openRedis,
  type DeadlineKeys,
  type OwnedRedis,
  type RedisConnection,
} from './redis-connection';
