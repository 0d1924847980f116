/** What the API's main thread and the read-model worker thread (read-models.worker.ts) say to each other. */
import type { LogLevel, RunnerState } from '@shenbao/projections';

/**
 * The log the thread follows: the embedded SQLite file in DATA_DIR, or PostgreSQL in the production profile (its own
 * connection; it hears of every append, this process's and the other replicas', by LISTEN/NOTIFY as any follower).
 */
export type WorkerLog = { kind: 'sqlite' } | { kind: 'postgres'; connectionString: string; schema: string };

export interface ReadModelsWorkerData {
  dataDir: string;
  /** How often the worker's subscription looks for appends it was not told about (another process). */
  pollIntervalMs: number;
  log: WorkerLog;
}

export type ToWorker =
  /** The main thread appended: read the log now. */
  | { type: 'wake' }
  /** Stop following, close the files and end the thread. */
  | { type: 'stop' };

export type FromWorker =
  /** Catch-up is done (or failed, see the next progress) and the runner follows the log. */
  | { type: 'started' }
  /** After every applied batch, and when the runner fails or stops. */
  | { type: 'progress'; state: RunnerState; checkpoints: Record<string, number>; error?: string }
  | { type: 'log'; level: LogLevel; message: string; meta?: Record<string, unknown> }
  /** The thread could not start (a file could not be opened); it ends after this. */
  | { type: 'fatal'; message: string };
