/**
 * The deadline machinery of this process: the deadline consumer (event log → scheduled and cancelled timers) and
 * the firing of due timers through `FiredDeadlineHandler`. On boot it catches up with the log first, so timers that
 * fell due while the process was down fire against an up-to-date schedule; then the backend fires what is due and
 * the consumer follows live appends. Both stop in `onModuleDestroy`, before the event store closes.
 * Owns the `deadlines` state for /health and the deadline gauges of /metrics.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import { DeadlineConsumer } from '@shenbao/scheduling';
import type { CheckpointStore, Deadline, DeadlineHandler, TimerRecord } from '@shenbao/scheduling';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { EVENT_STORE } from '../infrastructure/tokens';
import { MetricsService } from '../observability/metrics.service';
import { WorkflowCatalog } from '../workflow-definitions/workflow-catalog';
import { DEADLINE_BACKEND } from './deadline-backend';
import type { DeadlineBackend, DeadlineCounts } from './deadline-backend';
import { FiredDeadlineHandler } from './fired-deadline.handler';

export type DeadlinesState = 'starting' | 'running' | 'stopped';

export interface DeadlinesStatus extends DeadlineCounts {
  /** Healthy: running, and the consumer is not stuck behind the log on an error. */
  up: boolean;
  state: DeadlinesState;
  backend: string;
  /** Last log position the consumer has applied. */
  checkpoint: number;
  /** Events in the log the consumer has not applied yet. */
  lag: number;
  /** The consumer's last failure, until it moves on again. */
  error?: string;
}

interface Waiter {
  position: number;
  resolve: (reached: boolean) => void;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

@Injectable()
export class DeadlinesService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Deadlines');
  private readonly consumer: DeadlineConsumer;
  private readonly handler: DeadlineHandler = async (deadline) => {
    await this.fired.handle(deadline);
  };
  private state: DeadlinesState = 'starting';
  private checkpoint = 0;
  private consumerError: string | undefined;
  private waiters: Waiter[] = [];

  constructor(
    @Inject(DEADLINE_BACKEND) private readonly backend: DeadlineBackend,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalog: WorkflowCatalog,
    private readonly fired: FiredDeadlineHandler,
    private readonly metrics: MetricsService,
  ) {
    this.consumer = new DeadlineConsumer({
      store,
      scheduler: backend.scheduler,
      checkpoints: this.tracked(backend.checkpoints),
      resolveDefinition: (key, version) => this.definition(key, version),
      onError: (error, event) => this.consumerFailed(error, event),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.metrics.onScrape(() => this.refreshMetrics());
    const started = Date.now();
    try {
      this.checkpoint = await this.backend.checkpoints.load();
      const head = await this.store.headPosition();
      // A checkpoint past the head means the event log was replaced (restored, or a fresh store): plan from zero.
      if (this.checkpoint > head) {
        this.logger.warn({ checkpoint: this.checkpoint, head }, 'Deadline checkpoint is past the event log head; rebuilding the schedule.');
        this.checkpoint = await this.consumer.resync();
      } else {
        this.checkpoint = await this.consumer.catchUp();
      }
      this.logger.log({ position: this.checkpoint, backend: this.backend.kind, ms: Date.now() - started }, 'Deadlines caught up; following the event log.');
    } catch (e) {
      // Keep serving; the live loop retries from the checkpoint and /health reports the consumer down meanwhile.
      this.consumerFailed(e);
    }
    this.backend.start(this.handler);
    this.consumer.start();
    this.state = 'running';
  }

  async onModuleDestroy(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    await this.consumer.stop();
    await this.backend.close();
    for (const w of this.waiters) w.resolve(false);
    this.waiters = [];
  }

  /** Fires every deadline due by the clock now and resolves when their commands have run (tests, operators). */
  runDueNow(): Promise<number> {
    if (this.state !== 'running') return Promise.resolve(0);
    return this.backend.runDue(this.handler);
  }

  /**
   * Resolves true once the consumer has applied the log up to `position` (default: the head now), so the timers
   * reflect every event so far; false after `timeoutMs`.
   */
  async caughtUp(position?: number, timeoutMs = 5000): Promise<boolean> {
    const target = position ?? (await this.store.headPosition());
    if (this.checkpoint >= target) return true;
    return new Promise((resolve) => {
      const waiter: Waiter = { position: target, resolve: () => undefined };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      waiter.resolve = (reached) => {
        clearTimeout(timer);
        resolve(reached);
      };
      this.waiters.push(waiter);
    });
  }

  /** Deadlines not fired yet, earliest first. */
  pending(): Promise<Deadline[]> {
    return this.backend.scheduler.pending();
  }

  timer(id: string): Promise<TimerRecord | undefined> {
    return this.backend.timer(id);
  }

  async status(): Promise<DeadlinesStatus> {
    const base = { state: this.state, backend: this.backend.kind, checkpoint: this.checkpoint };
    const error = this.consumerError !== undefined ? { error: this.consumerError } : {};
    if (this.state !== 'running') return { up: false, ...base, lag: 0, pending: 0, failed: 0, ...error };
    try {
      const [head, counts] = await Promise.all([this.store.headPosition(), this.backend.counts()]);
      const lag = Math.max(0, head - this.checkpoint);
      // An error with nothing left to apply is not an outage (the retry has nothing to do yet); one that keeps the
      // consumer behind the log is: new deadlines are not being planned.
      return { up: !(this.consumerError !== undefined && lag > 0), ...base, lag, ...counts, ...error };
    } catch (e) {
      return { up: false, ...base, lag: 0, pending: 0, failed: 0, error: message(e) };
    }
  }

  /** Before each scrape; when the store or the timers cannot be read, the gauges keep their last values. */
  private async refreshMetrics(): Promise<void> {
    if (this.state !== 'running') return;
    const [head, counts] = await Promise.all([this.store.headPosition(), this.backend.counts()]);
    this.metrics.setDeadlineCounts(counts.pending, counts.failed);
    this.metrics.setProjectionLag('deadlines', Math.max(0, head - this.checkpoint));
  }

  /** The checkpoint store, observed: each save is progress (clears a past failure and wakes `caughtUp` waiters). */
  private tracked(inner: CheckpointStore): CheckpointStore {
    return {
      load: () => inner.load(),
      save: async (position) => {
        await inner.save(position);
        this.checkpoint = position;
        if (this.consumerError !== undefined) {
          this.logger.log({ position }, 'Deadline consumer moving again.');
          this.consumerError = undefined;
        }
        const reached = this.waiters.filter((w) => w.position <= position);
        if (reached.length === 0) return;
        this.waiters = this.waiters.filter((w) => w.position > position);
        for (const w of reached) w.resolve(true);
      },
    };
  }

  private consumerFailed(error: unknown, event?: StoredEvent): void {
    if (event) {
      // An event the case machine refuses is skipped (it should never be in the log); the rest keep their timers.
      this.logger.error({ err: error, position: event.position, stream: event.stream, type: event.type }, 'Deadline consumer skipped an event.');
      return;
    }
    if (this.state === 'stopped') return;
    this.consumerError = message(error);
    this.logger.error({ err: error, checkpoint: this.checkpoint }, 'Deadline consumer failed; retrying.');
  }

  private async definition(key: string, version: number): Promise<WorkflowDefinition> {
    let published = this.catalog.get(key, version);
    if (!published) {
      // Published after this process caught up: read the log for it.
      await this.catalog.catchUp();
      published = this.catalog.get(key, version);
    }
    if (!published) throw new Error(`workflow ${key}@${version} is not published`);
    return published.definition;
  }
}
