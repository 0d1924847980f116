/**
 * The one processor kernel for every follower of the log (issue #12). A follower is a handler: what it handles
 * (`types`), where it starts (`start`, its checkpoint), how it checkpoints (`handle` records the batch's last position
 * with its own writes, in one transaction where it writes to SQLite), its batch size and its error policy. The kernel
 * does the rest the followers used to re-do each with their own rules: catch-up in batches, queued so that a call
 * started after an append sees that append (read-your-writes), live following, waiters for a `minPosition`, the
 * error policy (retry with backoff, skip with a recorded incident, or stop) and a metric (position and lag).
 */
import { PositionWaiters } from './position-waiters';
import type { EventStore, StoredEvent, Subscription } from './port';

/** An event the handler failed on and the kernel skipped (the `skip` policy): recorded, then the checkpoint moves past it. */
export interface FollowerIncident {
  follower: string;
  position: number;
  eventId: string;
  type: string;
  error: string;
}

export type ErrorPolicy =
  /** The run fails (FollowerFailedError); the checkpoint stays before the batch, a later run tries it again. */
  | { kind: 'stop' }
  /**
   * Tries the batch again after backoffMs, doubling up to maxBackoffMs, `attempts` times in all (may be Infinity);
   * then stops. `report` hears every failed attempt. `stop()` ends the waiting.
   */
  | { kind: 'retry'; attempts: number; backoffMs: number; maxBackoffMs?: number; report?: (error: unknown, attempt: number) => void }
  /** Handles the batch event by event; the one that fails is recorded as an incident and passed over. */
  | { kind: 'skip'; record: (incident: FollowerIncident) => void | Promise<void> };

export interface FollowerHandler {
  readonly name: string;
  /** The event types it handles, the only ones read (the SQLite store answers from an index). All when absent. */
  readonly types?: readonly string[];
  /** Events per batch (default 500). */
  readonly batchSize?: number;
  /** Default `stop`. */
  readonly errorPolicy?: ErrorPolicy;
  /** Where it starts: the last position it applied (its checkpoint; 0 for the beginning). Called once. */
  start(): number | Promise<number>;
  /**
   * Applies `events` (possibly none: the checkpoint only moves past skipped events) and records `checkpoint` as the
   * position applied, atomically with its own writes. Throwing leaves its state and checkpoint as before the call —
   * or, for a handler that checkpoints event by event (one that writes elsewhere than SQLite), as after the last event
   * it applied: it is given the batch again and passes over what it applied.
   */
  handle(events: readonly StoredEvent[], checkpoint: number): void | Promise<void>;
}

export class FollowerFailedError extends Error {
  constructor(
    readonly follower: string,
    readonly position: number,
    override readonly cause: unknown,
  ) {
    super(`Follower ${follower} failed on the batch after position ${position}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'FollowerFailedError';
  }
}

/** A run ended by `stop()` while it waited to retry. */
export class FollowerStoppedError extends Error {
  constructor(readonly follower: string) {
    super(`Follower ${follower} stopped`);
    this.name = 'FollowerStoppedError';
  }
}

export interface FollowerMetrics {
  follower: string;
  position: number;
  head: number;
  lag: number;
}

export interface LogFollowerOptions {
  /** For tests of the retry policy (default: a timer). */
  sleep?: (ms: number) => Promise<void>;
}

/** What the kernel needs of the store. */
export type FollowedLog = Pick<EventStore, 'readAll' | 'headPosition' | 'subscribeAll'>;

const DEFAULT_BATCH = 500;
const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class LogFollower {
  private position = 0;
  private started: Promise<void> | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  /** A run queued but not begun: a caller arriving now is served by it (it starts after the caller's append). */
  private pending: Promise<number> | undefined;
  private readonly waiters = new PositionWaiters();
  private subscription: Subscription | undefined;
  private following: Promise<void> | undefined;
  private stopped = false;
  /** Ends a retry's wait at once (stop). */
  private wake: (() => void) | undefined;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly store: FollowedLog,
    private readonly handler: FollowerHandler,
    options: LogFollowerOptions = {},
  ) {
    this.sleep = options.sleep ?? realSleep;
  }

  get name(): string {
    return this.handler.name;
  }

  /** The last position applied (0 before the first run). */
  get appliedPosition(): number {
    return this.position;
  }

  /** Applies what the log holds beyond the checkpoint; resolves with the position applied. Calls are queued. */
  catchUp(): Promise<number> {
    if (this.pending) return this.pending;
    const run = this.queue.then(() => {
      this.pending = undefined;
      return this.run();
    });
    this.pending = run;
    // A failed run must not block later ones; its caller still sees the failure.
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** True once `position` is applied, false after `timeoutMs` (a caller's `minPosition`). */
  waitFor(position: number, timeoutMs: number): Promise<boolean> {
    if (this.position >= position) return Promise.resolve(true);
    return this.waiters.wait(position, timeoutMs);
  }

  /** Forgets the position: the next run asks the handler where to start again (its checkpoint was moved). */
  rewind(): void {
    this.started = undefined;
  }

  /**
   * Catches up, then follows live appends until `stop()`: every append wakes a catch-up. `onError` hears a failed
   * run; the follower keeps following: after `retryDelayMs` (when given) or at the next append it tries again from
   * the checkpoint. `onEnd` hears a live subscription that ended without `stop()` (the store was closed): the
   * follower no longer follows.
   */
  follow(onError: (error: unknown) => void, options: { retryDelayMs?: number; onEnd?: () => void } = {}): void {
    if (this.following) return;
    this.stopped = false;
    const report = (error: unknown) => {
      if (!(error instanceof FollowerStoppedError)) onError(error);
    };
    const run = async () => {
      while (!this.stopped) {
        try {
          await this.catchUp();
          return;
        } catch (error) {
          report(error);
          if (options.retryDelayMs === undefined) return;
          await this.pause(options.retryDelayMs).catch(() => undefined);
        }
      }
    };
    this.following = (async () => {
      await run();
      if (this.stopped) return;
      // Only a wake-up signal: the events are read by the run (the SQLite store answers it from its recent events).
      try {
        const subscription = this.store.subscribeAll(this.position, { batchSize: this.handler.batchSize ?? DEFAULT_BATCH });
        this.subscription = subscription;
        for await (const event of subscription) if (event.position > this.position) await run();
      } catch (error) {
        report(error);
        return;
      }
      if (!this.stopped) options.onEnd?.();
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.close();
    await this.following;
    this.following = undefined;
    await this.queue;
    this.waiters.releaseAll(this.position);
  }

  async metrics(): Promise<FollowerMetrics> {
    const head = await this.store.headPosition();
    return { follower: this.handler.name, position: this.position, head, lag: Math.max(0, head - this.position) };
  }

  private async run(): Promise<number> {
    this.started ??= Promise.resolve(this.handler.start()).then((p) => {
      this.position = p;
    });
    await this.started.catch((e: unknown) => {
      this.started = undefined;
      throw e;
    });
    const limit = this.handler.batchSize ?? DEFAULT_BATCH;
    for (;;) {
      const batch = await this.store.readAll({ fromPosition: this.position, limit, ...(this.handler.types ? { types: this.handler.types } : {}) });
      if (batch.length > 0) await this.apply(batch);
      if (batch.length < limit) return this.position;
    }
  }

  private async apply(batch: readonly StoredEvent[]): Promise<void> {
    const policy = this.handler.errorPolicy ?? { kind: 'stop' };
    const last = batch[batch.length - 1].position;
    if (policy.kind === 'skip') await this.applyEach(batch, policy.record);
    else await this.applyWithRetry(batch, last, policy.kind === 'retry' ? policy : undefined);
    this.advance(last);
  }

  private async applyWithRetry(batch: readonly StoredEvent[], last: number, retry?: Extract<ErrorPolicy, { kind: 'retry' }>): Promise<void> {
    const attempts = Math.max(1, retry?.attempts ?? 1);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.handler.handle(batch, last);
        return;
      } catch (error) {
        retry?.report?.(error, attempt);
        if (attempt >= attempts) throw new FollowerFailedError(this.handler.name, this.position, error);
        const delay = retry!.backoffMs * 2 ** (attempt - 1);
        await this.pause(Math.min(delay, retry!.maxBackoffMs ?? delay));
      }
    }
  }

  private async pause(ms: number): Promise<void> {
    if (this.stopped) throw new FollowerStoppedError(this.handler.name);
    await Promise.race([this.sleep(ms), new Promise<void>((resolve) => (this.wake = resolve))]);
    this.wake = undefined;
    if (this.stopped) throw new FollowerStoppedError(this.handler.name);
  }

  private async applyEach(batch: readonly StoredEvent[], record: (incident: FollowerIncident) => void | Promise<void>): Promise<void> {
    try {
      await this.handler.handle(batch, batch[batch.length - 1].position);
      return;
    } catch {
      // Find the culprit: one event at a time, so the others are kept.
    }
    for (const event of batch) {
      try {
        await this.handler.handle([event], event.position);
      } catch (error) {
        await record({ follower: this.handler.name, position: event.position, eventId: event.id, type: event.type, error: error instanceof Error ? error.message : String(error) });
        await this.handler.handle([], event.position);
      }
      this.advance(event.position);
    }
  }

  private advance(position: number): void {
    this.position = position;
    this.waiters.settle(position);
  }
}
