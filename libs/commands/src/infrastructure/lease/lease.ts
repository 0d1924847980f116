/**
 * A lease: the right, held by one process at a time among the replicas, to run a piece of work that must run once
 * (a follower of the log that acts on the world: the deadline consumer, the notifier). Three kinds:
 * - `none` (the embedded profile, one process): always held, nothing to contend for;
 * - `postgres`: a session advisory lock on a connection of its own (postgres-lease.ts); the server drops it when the
 *   holder's connection ends, so a killed holder hands over as soon as a standby retries;
 * - `redis`: SET NX PX with a random token, renewed at TTL/3, dropped by compare-and-delete (redis-lease.ts); a killed
 *   holder hands over when its key expires (at most the TTL).
 *
 * `acquire` waits until the lease is held (trying every `retryMs`); `lost` listeners hear a lease that went away
 * without `release()` (the connection died, a renewal failed or found another holder); the holder must then stop the
 * work. A lease is never "stolen back": after a loss, `acquire` contends again like any standby.
 */
export type LeaseKind = 'none' | 'postgres' | 'redis';

export interface LeaseState {
  kind: LeaseKind;
  held: boolean;
  /** When it was last taken (ISO), while held. */
  since?: string;
  /** The last failure to reach the lease's server, until an attempt succeeds again. */
  error?: string;
}

export interface Lease {
  readonly name: string;
  readonly kind: LeaseKind;
  readonly held: boolean;
  /** One attempt: true when held afterwards. A server that cannot be reached is a failure (thrown). */
  tryAcquire(): Promise<boolean>;
  /** Waits until held; rejects with LeaseAbortedError when `signal` aborts first (or after `close`). */
  acquire(signal?: AbortSignal): Promise<void>;
  /** Hears every loss (not a `release`); returns the unsubscribe. */
  onLost(listener: (reason: string) => void): () => void;
  /** Gives the lease up (a standby may take it at once); held or not, it can be acquired again. */
  release(): Promise<void>;
  /** Releases and closes its connection; `acquire` ends. */
  close(): Promise<void>;
  state(): LeaseState;
}

export class LeaseAbortedError extends Error {
  constructor(name: string) {
    super(`lease ${name}: acquire aborted`);
    this.name = 'LeaseAbortedError';
  }
}

export interface LeaseTiming {
  /** Between attempts of a standby (default 500 ms). */
  retryMs?: number;
  /** Between checks of a held lease: a health query (postgres) or a renewal (redis, default TTL/3). */
  checkMs?: number;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The common part: the held flag, the wait loop, the periodic check of a held lease, the loss listeners.
 * Implementations say how to take (`attempt`), check (`verify`: false or a throw is a loss) and drop it.
 */
export abstract class BaseLease implements Lease {
  abstract readonly kind: LeaseKind;
  private holding = false;
  private since: Date | undefined;
  private lastError: string | undefined;
  private checkTimer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private readonly listeners = new Set<(reason: string) => void>();
  private readonly closing = new AbortController();
  protected closed = false;
  protected readonly retryMs: number;
  protected readonly checkMs: number;

  constructor(
    readonly name: string,
    timing: LeaseTiming & { checkMs: number },
  ) {
    this.retryMs = timing.retryMs ?? 500;
    this.checkMs = timing.checkMs;
  }

  get held(): boolean {
    return this.holding;
  }

  protected abstract attempt(): Promise<boolean>;
  /** A held lease is still held (false or a throw: lost). */
  protected abstract verify(): Promise<boolean>;
  /** Gives it up on the server (only called while held). */
  protected abstract drop(): Promise<void>;
  /** Closes the connection. */
  protected abstract dispose(): Promise<void>;
  /** How long to wait before the next attempt of a standby (redis: until the holder's key expires, if sooner). */
  protected nextAttemptIn(): Promise<number> | number {
    return this.retryMs;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.closed) return false;
    if (this.holding) return true;
    let got: boolean;
    try {
      got = await this.attempt();
      this.lastError = undefined;
    } catch (e) {
      this.lastError = message(e);
      throw e;
    }
    if (got && this.closed) {
      // Closed while the attempt was under way: give back what it took.
      await this.drop().catch(() => undefined);
      return false;
    }
    if (got) {
      this.holding = true;
      this.since = new Date();
      this.scheduleCheck();
    }
    return got;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    const aborted = () => this.closed || signal?.aborted === true;
    for (;;) {
      if (aborted()) throw new LeaseAbortedError(this.name);
      let wait = this.retryMs;
      try {
        if (await this.tryAcquire()) return;
        wait = await this.nextAttemptIn();
      } catch {
        // Recorded in state().error; tried again.
      }
      await sleep(wait, [signal, this.closing.signal]);
    }
  }

  onLost(listener: (reason: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async release(): Promise<void> {
    this.stopChecks();
    await this.checking;
    if (!this.holding) return;
    this.holding = false;
    this.since = undefined;
    await this.drop().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.closing.abort();
    await this.release();
    await this.dispose().catch(() => undefined);
  }

  state(): LeaseState {
    return {
      kind: this.kind,
      held: this.holding,
      ...(this.since ? { since: this.since.toISOString() } : {}),
      ...(this.lastError !== undefined ? { error: this.lastError } : {}),
    };
  }

  /** For implementations that learn of a loss themselves (a connection's `end` or `error` event). */
  protected lose(reason: string): void {
    if (!this.holding) return;
    this.stopChecks();
    this.holding = false;
    this.since = undefined;
    this.lastError = reason;
    for (const listener of [...this.listeners]) listener(reason);
  }

  private scheduleCheck(): void {
    this.stopChecks();
    this.checkTimer = setTimeout(() => {
      this.checkTimer = undefined;
      this.checking = this.check().finally(() => (this.checking = undefined));
    }, this.checkMs);
    this.checkTimer.unref();
  }

  private async check(): Promise<void> {
    if (!this.holding) return;
    try {
      if (await this.verify()) {
        if (this.holding) this.scheduleCheck();
        return;
      }
      this.lose(`lease ${this.name} is no longer held (another holder, or the server dropped it)`);
    } catch (e) {
      this.lose(`lease ${this.name} could not be checked: ${message(e)}`);
    }
  }

  private stopChecks(): void {
    if (this.checkTimer) clearTimeout(this.checkTimer);
    this.checkTimer = undefined;
  }
}

/** The embedded profile's lease: one process, always held, never lost. */
export class NoLease implements Lease {
  readonly kind = 'none' as const;
  readonly held = true;

  constructor(readonly name: string) {}

  tryAcquire(): Promise<boolean> {
    return Promise.resolve(true);
  }

  acquire(): Promise<void> {
    return Promise.resolve();
  }

  onLost(): () => void {
    return () => undefined;
  }

  release(): Promise<void> {
    return Promise.resolve();
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  state(): LeaseState {
    return { kind: 'none', held: true };
  }
}

/** Resolves after `ms`, or at once when one of the signals aborts. */
export function sleep(ms: number, signals: (AbortSignal | undefined)[] = []): Promise<void> {
  return new Promise((resolve) => {
    const live = signals.filter((s): s is AbortSignal => s !== undefined);
    if (live.some((s) => s.aborted)) return resolve();
    const done = () => {
      clearTimeout(timer);
      for (const s of live) s.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const s of live) s.addEventListener('abort', done, { once: true });
  });
}
