/**
 * Waiting for a follower of the log to reach a position (read-your-writes, `minPosition`, tests), or giving up after
 * a timeout. Shared by the processor kernel (log-follower.ts), the projection runner and the API's read-model thread
 * feed.
 */
interface Waiter {
  position: number;
  resolve: (applied: boolean) => void;
  timer: NodeJS.Timeout;
}

export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();

  /** Resolves true from `settle` once `position` is applied, or false after `timeoutMs` or on `releaseAll`. */
  wait(position: number, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const waiter: Waiter = {
        position,
        resolve,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          resolve(false);
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Every position up to `applied` is applied: those waiters get true. */
  settle(applied: number): void {
    for (const w of this.waiters) if (w.position <= applied) this.finish(w, true);
  }

  /** Nothing more will be applied (failed or stopped): every waiter gets whether its position is applied. */
  releaseAll(applied: number): void {
    for (const w of this.waiters) this.finish(w, w.position <= applied);
  }

  private finish(w: Waiter, applied: boolean): void {
    clearTimeout(w.timer);
    this.waiters.delete(w);
    w.resolve(applied);
  }
}
