/**
 * Embedded deadlines: durable timers in DATA_DIR/timers.sqlite (libs/scheduling `LocalTimerScheduler`), fired inside
 * the API process, with the deadline consumer's checkpoint in the same file (so timers and the position they
 * reflect never drift apart across a restore of one file without the other).
 */
import { CALENDAR_MARK, CONSUMER_CHECKPOINT, LocalTimerScheduler } from '@shenbao/scheduling';
import type { CheckpointStore, Deadline, DeadlineHandler, DeadlineScheduler } from '@shenbao/scheduling';
import type { DeadlineBackend, DeadlineCounts, DeadlineTimer } from './deadline-backend';

export interface LocalDeadlineBackendOptions {
  /** SQLite file, or `:memory:`. */
  path: string;
  now: () => Date;
  onError: (error: unknown, deadline?: Deadline) => void;
}

export class LocalDeadlineBackend implements DeadlineBackend {
  readonly kind = 'local';
  /** Embedded timers fire only in the process that holds timers.sqlite. */
  readonly runsHere = true;
  readonly checkpoints: CheckpointStore;
  readonly calendarMark: CheckpointStore;
  private handler: DeadlineHandler | undefined;
  private closed = false;
  /** `runDue` and `close` run one at a time, so a manual run never races a restart of the loop. */
  private exclusive: Promise<unknown> = Promise.resolve();

  private constructor(private readonly timers: LocalTimerScheduler) {
    this.checkpoints = timers.checkpointStore(CONSUMER_CHECKPOINT);
    this.calendarMark = timers.checkpointStore(CALENDAR_MARK);
  }

  static open(options: LocalDeadlineBackendOptions): LocalDeadlineBackend {
    return new LocalDeadlineBackend(LocalTimerScheduler.open({ path: options.path, now: options.now, onError: options.onError }));
  }

  get scheduler(): DeadlineScheduler {
    return this.timers;
  }

  /** The checkpoint and the timers share one file: they are lost together, and catching up from 0 rebuilds both. */
  async resyncIfLost(): Promise<boolean> {
    return false;
  }

  start(handler: DeadlineHandler): void {
    if (this.closed) throw new Error('the local deadline backend is closed');
    this.handler = handler;
    this.timers.start(handler);
  }

  runDue(handler: DeadlineHandler): Promise<number> {
    return this.serially(async () => {
      if (this.closed) return 0;
      // The loop and runDue would each pick a due timer whose handler is still running (it stays pending until it
      // settles) and fire it twice; pausing the loop keeps firing one at a time.
      const loop = this.handler;
      if (loop) await this.timers.stop();
      try {
        return await this.timers.runDue(handler);
      } finally {
        if (loop && !this.closed) this.timers.start(loop);
      }
    });
  }

  async counts(): Promise<DeadlineCounts> {
    return this.timers.counts();
  }

  async timer(id: string): Promise<DeadlineTimer | undefined> {
    const record = await this.timers.get(id);
    if (!record) return undefined;
    const { deadline, status, attempts, lastError, doneAt } = record;
    return { id, status, attempts, lastError, doneAt, deadline };
  }

  close(): Promise<void> {
    this.closed = true;
    return this.serially(() => this.timers.close());
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(work);
    this.exclusive = run.catch(() => undefined);
    return run;
  }
}
