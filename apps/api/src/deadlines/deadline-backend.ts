/**
 * The seam between the deadline machinery and where timers live. The consumer schedules and cancels through
 * `scheduler` (the libs/scheduling `DeadlineScheduler` port); the service fires what falls due through `start` /
 * `runDue`. Embedded mode uses `LocalDeadlineBackend` (SQLite timers in this process); a BullMQ backend (REDIS_URL)
 * implements the same interface, so `DeadlinesModule` only changes which one its factory builds.
 */
import type { CheckpointStore, DeadlineHandler, DeadlineScheduler, TimerRecord } from '@shenbao/scheduling';

export const DEADLINE_BACKEND = Symbol('DEADLINE_BACKEND');

export interface DeadlineCounts {
  /** Scheduled, not fired yet (including those waiting for a retry). */
  pending: number;
  /** Kept after their retries ran out; they need an operator. */
  failed: number;
}

export interface DeadlineBackend {
  /** For logs and /health: `local` (SQLite timers in this process), later `bullmq`. */
  readonly kind: string;
  /** What the deadline consumer schedules and cancels through. */
  readonly scheduler: DeadlineScheduler;
  /** Where the deadline consumer keeps its position in the log. */
  readonly checkpoints: CheckpointStore;
  /** Starts firing due deadlines through `handler`; those already due (also while the process was down) at once. */
  start(handler: DeadlineHandler): void;
  /** Fires everything due now and resolves when done, without overlapping the background firing. */
  runDue(handler: DeadlineHandler): Promise<number>;
  counts(): Promise<DeadlineCounts>;
  /** One timer by deadline id (diagnostics, tests). */
  timer(id: string): Promise<TimerRecord | undefined>;
  /** Stops firing (the handler call in flight settles first) and releases the backend's resources. */
  close(): Promise<void>;
}
