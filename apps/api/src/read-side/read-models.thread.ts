/**
 * The main thread's side of the read-model worker thread (read-models.worker.ts): starts it, wakes it after every
 * commit of this process, mirrors the checkpoints it reports for `minPosition` waits and /health, and stops it.
 * Has the same surface as the in-process ProjectionRunner, so ReadModels uses either.
 */
import { Worker } from 'node:worker_threads';
import { PositionWaiters, workerScript } from '@shenbao/event-store';
import type { RunnerLogger, RunnerState } from '@shenbao/projections';
import type { FromWorker, ReadModelsWorkerData, ToWorker, WorkerLog } from './read-models.messages';

/** What ReadModels needs from whatever applies the events to the read models. */
export interface ReadModelFeed {
  start(): Promise<void>;
  stop(): Promise<void>;
  waitFor(position: number, timeoutMs: number): Promise<boolean>;
  status(): { state: RunnerState; error?: string };
  checkpoints(): Record<string, number>;
}

export interface ThreadedFeedOptions {
  dataDir: string;
  /** The log the thread opens (its own connection). */
  log: WorkerLog;
  /**
   * Called after every commit this process makes (SqliteEventStore.onAppended); returns its unsubscribe. Not needed for
   * a server store, whose own notifications reach the thread.
   */
  onAppended?: (listener: () => void) => () => void;
  logger: RunnerLogger;
  pollIntervalMs?: number;
}

const STOP_GRACE_MS = 5000;


/** An error from another thread may arrive as a plain object; take whatever says what happened. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}

export class ThreadedReadModelFeed implements ReadModelFeed {
  private worker: Worker | undefined;
  private exited: Promise<void> | undefined;
  private state: RunnerState = 'idle';
  private error: string | undefined;
  private positions: Record<string, number> = {};
  private readonly waiters = new PositionWaiters();
  private unlisten: (() => void) | undefined;

  constructor(private readonly options: ThreadedFeedOptions) {}

  start(): Promise<void> {
    if (this.worker) return Promise.resolve();
    const { file, execArgv } = workerScript(__dirname, 'read-models.worker');
    const workerData: ReadModelsWorkerData = { dataDir: this.options.dataDir, pollIntervalMs: this.options.pollIntervalMs ?? 25, log: this.options.log };
    const worker = new Worker(file, { workerData, execArgv });
    this.worker = worker;
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    return new Promise<void>((resolve, reject) => {
      let started = false;
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'started') {
          started = true;
          // Woken once per group commit of this process; appends by other processes are found by polling.
          this.unlisten = this.options.onAppended?.(() => this.post({ type: 'wake' }));
          // As the in-process runner's start(): a catch-up that failed rejects (the thread stays, reporting it).
          if (this.state === 'failed') reject(new Error(this.error ?? 'the read models failed to catch up'));
          else resolve();
        } else if (message.type === 'progress') {
          this.onProgress(message);
        } else if (message.type === 'fatal') {
          this.fail(`the read-model thread could not start: ${message.message}`);
          if (!started) reject(new Error(this.error));
        } else {
          this.options.logger(message.level, message.message, message.meta);
        }
      });
      worker.on('error', (error: unknown) => {
        this.fail(`the read-model thread failed: ${describe(error)}`);
        if (!started) reject(error);
      });
      worker.once('exit', (code) => {
        this.unlisten?.();
        if (this.state === 'following') this.fail(`the read-model thread ended unexpectedly (exit code ${code})`);
        if (!started) reject(new Error(`the read-model thread exited (code ${code}) before it caught up`));
      });
    });
  }

  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.unlisten?.();
    if (this.state === 'following') this.state = 'stopped';
    this.post({ type: 'stop' });
    const grace = setTimeout(() => void worker.terminate(), STOP_GRACE_MS);
    await this.exited;
    clearTimeout(grace);
    this.worker = undefined;
    this.waiters.releaseAll(this.minPosition());
  }

  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.minPosition() >= position) return Promise.resolve(true);
    if (this.state === 'failed') return Promise.resolve(false);
    return this.waiters.wait(position, timeoutMs);
  }

  status(): { state: RunnerState; error?: string } {
    return this.error !== undefined ? { state: this.state, error: this.error } : { state: this.state };
  }

  checkpoints(): Record<string, number> {
    return { ...this.positions };
  }

  private onProgress(message: Extract<FromWorker, { type: 'progress' }>): void {
    this.positions = message.checkpoints;
    // A stop asked for here is reported by the worker as stopped too; an error stays the reason.
    if (this.state !== 'stopped' || message.state !== 'following') this.state = message.state;
    if (message.error !== undefined) this.error = message.error;
    if (message.state === 'failed') this.waiters.releaseAll(this.minPosition());
    else this.waiters.settle(this.minPosition());
  }

  private fail(reason: string): void {
    this.state = 'failed';
    this.error ??= reason;
    this.options.logger('error', reason);
    this.waiters.releaseAll(this.minPosition());
  }

  private minPosition(): number {
    const positions = Object.values(this.positions);
    return positions.length === 0 ? 0 : Math.min(...positions);
  }

  private post(message: ToWorker): void {
    this.worker?.postMessage(message);
  }
}
