/**
 * The app's Prometheus registry. One per app instance (not prom-client's global registry), so tests can boot several
 * apps in one process. Other modules record through the methods here instead of creating metrics of their own.
 */
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FollowerMetrics } from '@shenbao/event-store';

export type CommandOutcome = 'ok' | string;

@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly commands = new Counter({
    name: 'shenbao_commands_total',
    help: 'Commands handled, by command type and outcome (ok or the error code).',
    labelNames: ['type', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly commandDuration = new Histogram({
    name: 'shenbao_command_duration_seconds',
    help: 'Time from loading the streams to the append (or the error), by command type.',
    labelNames: ['type'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly eventsAppended = new Counter({
    name: 'shenbao_events_appended_total',
    help: 'Events appended to the event store by this process.',
    registers: [this.registry],
  });
  private readonly commandRetries = new Counter({
    name: 'shenbao_command_retries_total',
    help: 'Commands decided again after a concurrent write to one of their streams.',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  private readonly projectionLag = new Gauge({
    name: 'shenbao_projection_lag_events',
    help: 'Events in the log not yet applied by a projection (head position minus checkpoint).',
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  private readonly deadlinesPending = new Gauge({
    name: 'shenbao_deadlines_pending',
    help: 'Deadline timers scheduled and not yet fired.',
    registers: [this.registry],
  });
  private readonly deadlinesFailed = new Gauge({
    name: 'shenbao_deadlines_failed',
    help: 'Deadline timers kept as failed after their retries ran out (they need an operator).',
    registers: [this.registry],
  });
  private readonly deadlinesFired = new Counter({
    name: 'shenbao_deadlines_fired_total',
    help: 'Fired deadlines, by action (MarkOverdue, EndPublicity, SendReminder) and outcome (sent, refused, error).',
    labelNames: ['action', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly queueJobs = new Gauge({
    name: 'shenbao_queue_jobs',
    help: 'BullMQ jobs by queue (deadlines, notifications) and state (waiting, delayed, active, failed), read at scrape.',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });
  private readonly followerPosition = new Gauge({
    name: 'shenbao_follower_position',
    help: 'The last log position a follower on the processor kernel applied (its checkpoint), by follower.',
    labelNames: ['follower'] as const,
    registers: [this.registry],
  });
  private readonly followerLag = new Gauge({
    name: 'shenbao_follower_lag_events',
    help: 'Events in the log after a follower\'s checkpoint (head position minus checkpoint), read at scrape.',
    labelNames: ['follower'] as const,
    registers: [this.registry],
  });
  private readonly integrityIncidents = new Counter({
    name: 'shenbao_integrity_incidents_total',
    help: 'Integrity incidents found in the event log (tampering or damage), by kind; each is also in GET /integrity.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });
  private readonly integrityVerified = new Gauge({
    name: 'shenbao_integrity_verified_position',
    help: 'The log position the integrity check has verified through.',
    registers: [this.registry],
  });
  private readonly leaseHeld = new Gauge({
    name: 'shenbao_lease_held',
    help: 'Whether this process holds the lease of a piece of run-once work (1) or stands by (0), by lease name.',
    labelNames: ['name'] as const,
    registers: [this.registry],
  });
  /** Refreshers run before each scrape, for values that are cheaper to read on demand than to keep current. */
  private readonly scrapeHooks: (() => Promise<void> | void)[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  recordCommand(type: string, outcome: CommandOutcome, seconds: number): void {
    this.commands.inc({ type, outcome });
    this.commandDuration.observe({ type }, seconds);
  }

  recordRetry(type: string): void {
    this.commandRetries.inc({ type });
  }

  recordAppended(events: number): void {
    if (events > 0) this.eventsAppended.inc(events);
  }

  setProjectionLag(projection: string, lag: number): void {
    this.projectionLag.set({ projection }, lag);
  }

  setDeadlineCounts(pending: number, failed: number): void {
    this.deadlinesPending.set(pending);
    this.deadlinesFailed.set(failed);
  }

  /** The job counts of one BullMQ queue (call it from an `onScrape` hook). */
  setQueueJobs(queue: string, counts: { waiting: number; delayed: number; active: number; failed: number }): void {
    for (const state of ['waiting', 'delayed', 'active', 'failed'] as const) this.queueJobs.set({ queue, state }, counts[state]);
  }

  recordDeadlineFired(action: string, outcome: string): void {
    this.deadlinesFired.inc({ action, outcome });
  }

  recordIntegrityIncident(kind: string): void {
    this.integrityIncidents.inc({ kind });
  }

  setIntegrityVerified(position: number): void {
    this.integrityVerified.set(position);
  }

  setLeaseHeld(name: string, held: boolean): void {
    this.leaseHeld.set({ name }, held ? 1 : 0);
  }

  /** Reports a follower on the processor kernel (LogFollower): its position and lag, read at every scrape. */
  watchFollower(follower: { metrics(): Promise<FollowerMetrics> }): void {
    this.onScrape(async () => {
      const m = await follower.metrics();
      this.followerPosition.set({ follower: m.follower }, m.position);
      this.followerLag.set({ follower: m.follower }, m.lag);
    });
  }

  /** Registers a refresher run before every scrape; a failing one leaves its values as they were. */
  onScrape(hook: () => Promise<void> | void): void {
    this.scrapeHooks.push(hook);
  }

  async text(): Promise<string> {
    await Promise.allSettled(this.scrapeHooks.map(async (hook) => hook()));
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
