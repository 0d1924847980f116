/**
 * The seam between the deadline machinery and where timers live. The consumer schedules and cancels through
 * `scheduler` (the libs/scheduling `DeadlineScheduler` port); the service fires what falls due through `start` /
 * `runDue`. Embedded mode uses `LocalDeadlineBackend` (SQLite timers in this process); with REDIS_URL,
 * `BullmqDeadlineBackend` (queue `deadlines`) implements the same interface, so `DeadlinesModule` only changes which
 * one its factory builds.
 */
import type { Queue } from 'bullmq';
import type { EventStore } from '@shenbao/event-store';
import type { CheckpointStore, Deadline, DeadlineHandler, DeadlineScheduler, DefinitionResolver, TimerStatus } from '@shenbao/scheduling';

export const DEADLINE_BACKEND = Symbol('DEADLINE_BACKEND');

/** BullMQ job counts of one queue (the `shenbao_queue_jobs` gauges). */
export interface QueueJobCounts {
  waiting: number;
  delayed: number;
  active: number;
  failed: number;
}

export interface DeadlineCounts {
  /** Scheduled, not fired yet (including those waiting for a retry). */
  pending: number;
  /** Kept after their retries ran out; they need an operator. */
  failed: number;
  /** The BullMQ queue's own counts, when the backend is a queue. */
  jobs?: QueueJobCounts;
}

/** One deadline's timer as diagnostics and tests see it, whichever backend holds it. */
export interface DeadlineTimer {
  id: string;
  status: TimerStatus;
  attempts: number;
  lastError: string | null;
  doneAt: string | null;
  /** Known while a timer row or job exists; a BullMQ deadline that fired leaves only its done mark. */
  deadline?: Deadline;
}

export interface DeadlineBackend {
  /** For logs and /health: `local` (SQLite timers in this process) or `bullmq`. */
  readonly kind: string;
  /**
   * Whether the deadline consumer and the firing run in this process. False only for the API with WORKERS=external:
   * it schedules and fires nothing, and only reads the queue and the checkpoint (apps/worker does the work).
   */
  readonly runsHere: boolean;
  /** What the deadline consumer schedules and cancels through. */
  readonly scheduler: DeadlineScheduler;
  /** Where the deadline consumer keeps its position in the log. */
  readonly checkpoints: CheckpointStore;
  /** The fingerprint of the working calendar the schedule was last planned with (0: none yet). */
  readonly calendarMark: CheckpointStore;
  /** The BullMQ queue behind the schedule, when there is one (bull-board). */
  readonly queue?: Queue;
  /**
   * At boot, before the consumer runs: rebuilds the schedule from the log when the backend lost it (BullMQ: Redis
   * emptied, the checkpoint gone with it). Returns whether it rebuilt.
   */
  resyncIfLost(store: EventStore, resolveDefinition: DefinitionResolver): Promise<boolean>;
  /** Starts firing due deadlines through `handler`; those already due (also while the process was down) at once. */
  start(handler: DeadlineHandler): void;
  /**
   * Fires everything due by the backend's clock now and resolves when done, without overlapping the background
   * firing. (BullMQ: promotes the due delayed jobs and waits for the worker started by `start`; `handler` is not
   * called directly there.)
   */
  runDue(handler: DeadlineHandler): Promise<number>;
  counts(): Promise<DeadlineCounts>;
  /** One timer by deadline id (diagnostics, tests). */
  timer(id: string): Promise<DeadlineTimer | undefined>;
  /** Stops firing (the handler call in flight settles first) and releases the backend's resources. */
  close(): Promise<void>;
}
