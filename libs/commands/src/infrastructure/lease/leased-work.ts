/**
 * Runs a piece of work only while its lease is held: waits for the lease, starts the work, and on `lost` stops it
 * and contends again (a standby once more); `stop()` stops the work and releases the lease so a standby takes over
 * at once. Start and stop are serialised: a loss during a start stops the work once the start is done.
 */
import { Logger } from '@nestjs/common';
import { LeaseAbortedError } from './lease';
import type { Lease } from './lease';

export interface LeasedTask {
  /** Starts the work (catch-up, then following). A throw is logged and the lease given up and contended again. */
  start(): Promise<void> | void;
  /** Stops the work; resolves when nothing of it runs any more (a batch in flight is finished, and checkpointed). */
  stop(): Promise<void> | void;
}

export type LeasedState = 'standby' | 'holding' | 'stopped';

export class LeasedWork {
  private readonly logger: Logger;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private current: LeasedState = 'standby';
  private lostSignal: (() => void) | undefined;
  private started!: () => void;
  private readonly firstStart = new Promise<void>((resolve) => (this.started = resolve));

  constructor(
    readonly lease: Lease,
    private readonly task: LeasedTask,
    logger?: Logger,
  ) {
    this.logger = logger ?? new Logger(`Lease ${lease.name}`);
  }

  get state(): LeasedState {
    return this.current;
  }

  /** Starts the loop in the background; resolves once the work was started the first time (or on `stop`). */
  run(): Promise<void> {
    this.running ??= this.loop();
    return Promise.race([this.firstStart, this.running]);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    this.lostSignal?.();
    await this.running;
    this.current = 'stopped';
    await this.lease.release();
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        await this.lease.acquire(this.abort.signal);
      } catch (e) {
        if (e instanceof LeaseAbortedError) return;
        throw e;
      }
      // Stopped while the last attempt was under way: `stop` releases it.
      if (this.abort.signal.aborted) return;
      const lost = new Promise<string>((resolve) => {
        const off = this.lease.onLost((reason) => {
          off();
          resolve(reason);
        });
        this.lostSignal = () => {
          off();
          resolve('stopping');
        };
      });
      if (this.lease.kind !== 'none') this.logger.log({ lease: this.lease.name, kind: this.lease.kind }, 'Lease held: starting the work here.');
      this.current = 'holding';
      try {
        await this.task.start();
      } catch (e) {
        this.logger.error({ err: e, lease: this.lease.name }, 'The work did not start; giving the lease up.');
        await this.stopTask();
        await this.lease.release();
        this.current = 'standby';
        continue;
      }
      this.started();
      const reason = await lost;
      this.lostSignal = undefined;
      await this.stopTask();
      if (reason === 'stopping') return;
      this.current = 'standby';
      this.logger.warn({ lease: this.lease.name, reason }, 'Lease lost: the work stopped here; contending again as a standby.');
    }
  }

  private async stopTask(): Promise<void> {
    try {
      await this.task.stop();
    } catch (e) {
      this.logger.error({ err: e, lease: this.lease.name }, 'The work did not stop cleanly.');
    }
  }
}
