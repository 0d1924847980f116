/**
 * The deadline machinery of this process: the deadline consumer (event log → scheduled and cancelled timers) and
 * the firing of due timers through `FiredDeadlineHandler`. On boot it rebuilds a lost schedule (BullMQ: Redis
 * emptied) or catches up with the log, so timers that fell due while the process was down fire against an
 * up-to-date schedule; then the backend fires what is due and the consumer follows live appends. Both stop in
 * `onModuleDestroy`, before the event store closes (a running job's command completes first).
 * In the API with WORKERS=external neither runs here (state `external`): the service only reports the queue and
 * the checkpoint apps/worker keeps in Redis. Owns the `deadlines` state for /health and the deadline gauges.
 * Among several processes the consumer runs once, under the lease `deadlines` (Leases): a process without it is a
 * `standby` (reports the shared checkpoint, takes over from it when it gets the lease). On a loss the consumer stops
 * (the batch in flight finishes with its checkpoint); its effects are idempotent (deterministic timer ids, fired
 * commands check the stage entry), so a batch applied again by the next holder changes nothing. The firing of due
 * timers starts with the first hold and keeps running after a loss (BullMQ gives each job to one worker).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { EventStore, StoredEvent } from '@shenbao/event-store';
import { DEADLINES_QUEUE, DeadlineConsumer } from '@shenbao/scheduling';
import type { CheckpointStore, Deadline, DeadlineHandler } from '@shenbao/scheduling';
import { CalendarBook } from '../calendar/calendar-book';
import { CalendarReplans } from './calendar-replans';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { CLOCK, EVENT_STORE } from '@shenbao/host';
import type { Clock } from '@shenbao/host';
import { MetricsService } from '../observability/metrics.service';
import { WorkflowCatalog } from '../workflow-definitions/workflow-catalog';
import { DEADLINE_BACKEND } from './deadline-backend';
import type { DeadlineBackend, DeadlineCounts, DeadlineTimer } from './deadline-backend';
import { FiredDeadlineHandler } from './fired-deadline.handler';
import { LeasedWork } from '../infrastructure/lease/leased-work';
import { Leases } from '../infrastructure/lease/leases';

/**
 * `external`: the consumer and the firing run in apps/worker (WORKERS=external); this process only reports.
 * `standby`: another process holds the `deadlines` lease; this one reports and takes over when it gets it.
 */
export type DeadlinesState = 'starting' | 'running' | 'external' | 'standby' | 'stopped';

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

/** How long boot waits for the deadline start-up before serving without it (see onApplicationBootstrap). */
const BOOT_WAIT_MS = 10_000;
/** Reads of the backend for /health and /metrics give up after this (a Redis that went away must not hang them). */
const READ_TIMEOUT_MS = 1500;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${READ_TIMEOUT_MS} ms`)), READ_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

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
  private startUp: Promise<void> = Promise.resolve();
  private work: LeasedWork | undefined;
  private consumerStarted = false;
  private firing = false;

  constructor(
    @Inject(DEADLINE_BACKEND) private readonly backend: DeadlineBackend,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalog: WorkflowCatalog,
    private readonly fired: FiredDeadlineHandler,
    private readonly metrics: MetricsService,
    private readonly calendar: CalendarBook,
    private readonly replans: CalendarReplans,
    @Inject(CLOCK) clock: Clock,
    private readonly leases: Leases,
  ) {
    this.consumer = new DeadlineConsumer({
      store,
      scheduler: backend.scheduler,
      checkpoints: this.tracked(backend.checkpoints),
      resolveDefinition: (key, version) => this.definition(key, version),
      // Only a rebuild reads it: reminders already past by the app's clock are not planned again.
      now: clock,
      onError: (error, event) => this.consumerFailed(error, event),
      refreshCalendar: () => this.calendar.catchUp(),
      onReplanned: (event, moves) => this.replans.replanned(event, moves),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.metrics.onScrape(() => this.refreshMetrics());
    if (this.backend.runsHere) this.metrics.watchFollower(this.consumer);
    if (!this.backend.runsHere) {
      this.state = 'external';
      this.logger.log({ backend: this.backend.kind }, 'Deadlines are planned and fired by apps/worker (WORKERS=external); this process only reports them.');
      return;
    }
    const lease = this.leases.lease('deadlines');
    this.work = new LeasedWork(lease, { start: () => this.takeOver(), stop: () => this.standDown() }, this.logger);
    if (!(await withTimeout(lease.tryAcquire(), `the ${lease.kind} lease`).catch(() => false))) {
      this.state = 'standby';
      this.logger.log({ lease: lease.kind }, 'Another process holds the deadlines lease (or its server is away); standing by to take over.');
      void this.work.run();
      return;
    }
    await this.work.run();
    // A backend that does not answer (Redis down: its commands wait for it) must not keep the process from serving:
    // after BOOT_WAIT_MS boot goes on, the start-up completes when the backend answers, and /health says `starting`.
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), BOOT_WAIT_MS);
    });
    const done = await Promise.race([this.startUp.then(() => true), waited]);
    clearTimeout(timer);
    if (!done) this.logger.warn({ backend: this.backend.kind, waitedMs: BOOT_WAIT_MS }, 'Deadline backend not answering yet; starting without it, deadlines follow when it does.');
  }

  /** The lease is held: catch up and start, in the background (boot waits for it a while, see above). */
  private takeOver(): void {
    if (this.state === 'stopped') return;
    this.state = 'starting';
    this.startUp = this.catchUpAndStart();
  }

  /** The lease is gone (or the process stops): the consumer stops; a start-up in flight starts nothing. */
  private async standDown(): Promise<void> {
    if (this.state !== 'stopped') this.state = 'standby';
    if (this.consumerStarted) await this.consumer.stop();
    this.consumerStarted = false;
  }

  private async catchUpAndStart(): Promise<void> {
    const started = Date.now();
    try {
      const logged = await this.store.headPosition();
      // A fresh Redis on a log with events in it: Redis lost its data (or this is the switch from local timers).
      if ((await this.backend.resyncIfLost(this.store, (key, version) => this.definition(key, version))) && logged > 0) {
        this.logger.warn({ backend: this.backend.kind, head: logged }, 'Deadline schedule and checkpoint were missing (Redis emptied?); rebuilt them from the event log.');
      }
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
      await this.replans.replanIfCalendarChanged(() => this.consumer.replanAll());
      await this.replans.warnIfProvisional();
    } catch (e) {
      // Keep serving; the live loop retries from the checkpoint and /health reports the consumer down meanwhile.
      this.consumerFailed(e);
    }
    // Shut down (or the lease lost) while the backend was not answering: nothing to start.
    if (this.state !== 'starting') return;
    if (!this.firing) this.backend.start(this.handler);
    this.firing = true;
    this.consumer.start();
    this.consumerStarted = true;
    this.state = 'running';
  }

  async onModuleDestroy(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    // Stops the consumer (when it runs here) and releases the lease: a standby takes over at once.
    await this.work?.stop();
    // A start-up still waiting for the backend fails once its connections close, and then starts nothing.
    await this.backend.close();
    await this.startUp.catch(() => undefined);
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
   * reflect every event so far; false after `timeoutMs`. With WORKERS=external it polls apps/worker's checkpoint.
   */
  async caughtUp(position?: number, timeoutMs = 5000): Promise<boolean> {
    const target = position ?? (await this.store.headPosition());
    if (this.state === 'external' || this.state === 'standby') return this.externalCaughtUp(target, timeoutMs);
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

  private async externalCaughtUp(target: number, timeoutMs: number): Promise<boolean> {
    const limit = Date.now() + timeoutMs;
    while (this.state === 'external' || this.state === 'standby' || this.state === 'running') {
      if ((await this.backend.checkpoints.load()) >= target) return true;
      if (Date.now() > limit) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  }

  /** Deadlines not fired yet, earliest first. */
  pending(): Promise<Deadline[]> {
    return this.backend.scheduler.pending();
  }

  timer(id: string): Promise<DeadlineTimer | undefined> {
    return this.backend.timer(id);
  }

  async status(): Promise<DeadlinesStatus> {
    const base = { state: this.state, backend: this.backend.kind, checkpoint: this.checkpoint };
    const error = this.consumerError !== undefined ? { error: this.consumerError } : {};
    if (this.state === 'external' || this.state === 'standby') return this.externalStatus();
    if (this.state !== 'running') return { up: false, ...base, lag: 0, pending: 0, failed: 0, ...error };
    try {
      const [head, counts] = await withTimeout(Promise.all([this.store.headPosition(), this.backend.counts()]), 'the deadline backend');
      const lag = Math.max(0, head - this.checkpoint);
      // An error with nothing left to apply is not an outage (the retry has nothing to do yet); one that keeps the
      // consumer behind the log is: new deadlines are not being planned.
      return { up: !(this.consumerError !== undefined && lag > 0), ...base, lag, ...counts, ...error };
    } catch (e) {
      return { up: false, ...base, lag: 0, pending: 0, failed: 0, error: message(e) };
    }
  }

  /**
   * WORKERS=external: the consumer's checkpoint is read from where apps/worker keeps it (Redis). Lag is reported but
   * does not make the API unhealthy: the worker is another process, with its own supervision; a Redis that cannot
   * be read does (so does the `redis` check).
   */
  private async externalStatus(): Promise<DeadlinesStatus> {
    const base = { state: this.state, backend: this.backend.kind };
    try {
      const [head, checkpoint, counts] = await withTimeout(
        Promise.all([this.store.headPosition(), this.backend.checkpoints.load(), this.backend.counts()]),
        'the deadline backend',
      );
      return { up: true, ...base, checkpoint, lag: Math.max(0, head - checkpoint), ...counts };
    } catch (e) {
      return { up: false, ...base, checkpoint: 0, lag: 0, pending: 0, failed: 0, error: message(e) };
    }
  }

  /** Before each scrape; when the store or the timers cannot be read, the gauges keep their last values. */
  private async refreshMetrics(): Promise<void> {
    if (this.state !== 'running' && this.state !== 'external' && this.state !== 'standby') return;
    const reads: [Promise<number>, Promise<number>, Promise<DeadlineCounts>] = [
      this.store.headPosition(),
      this.state !== 'running' ? this.backend.checkpoints.load() : Promise.resolve(this.checkpoint),
      this.backend.counts(),
    ];
    const [head, checkpoint, counts] = await withTimeout(Promise.all(reads), 'the deadline backend');
    this.metrics.setDeadlineCounts(counts.pending, counts.failed);
    this.metrics.setProjectionLag('deadlines', Math.max(0, head - checkpoint));
    if (counts.jobs) this.metrics.setQueueJobs(DEADLINES_QUEUE, counts.jobs);
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
