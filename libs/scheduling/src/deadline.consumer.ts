/**
 * The deadline consumer: reads `$all` from its checkpoint, follows every case stream (`case-<id>`) through the
 * case's own workflow version, and keeps the scheduler in step: leaving a stage entry cancels its deadlines,
 * entering one schedules the new entry's, a publicity start schedules the period's end.
 *
 * State: only the checkpoint is stored. Case snapshots live in memory; after a restart a case met again is folded
 * from its own stream up to the event at hand. Scheduling and cancelling are idempotent (deterministic ids), so
 * events processed again after a crash between scheduling and saving the checkpoint change nothing — which is why
 * it saves its checkpoint once per batch (a burst of live events is one), not per event.
 *
 * A handler on the processor kernel (LogFollower): it does the catch-up and the live following; a failure of the
 * live loop is retried from the checkpoint after `retryDelayMs`.
 */
import { CaseEventRejectedError, TERMINAL_STAGES, type WorkflowDefinition } from '@shenbao/workflows';
import { FollowerFailedError, LogFollower, LruMap } from '@shenbao/event-store';
import type { EventStore, FollowerMetrics, StoredEvent } from '@shenbao/event-store';
import {
  currentDeadlines,
  readWorkflowRef,
  startTracking,
  trackEvent,
  type TrackedCase,
  type TrackStep,
  type WorkflowRef,
} from './case-deadline.tracker';
import { planProgramWindow } from './deadline-planner';
import { replanDeadlines, type DueMove } from './deadline-replan';
import type { CheckpointStore, Deadline, DeadlineScheduler } from './deadline.types';

export type DefinitionResolver = (key: string, version: number) => WorkflowDefinition | Promise<WorkflowDefinition>;

export interface DeadlineConsumerOptions {
  store: EventStore;
  scheduler: DeadlineScheduler;
  checkpoints: CheckpointStore;
  resolveDefinition: DefinitionResolver;
  /** Only `resync` reads it (to drop reminders whose time has passed). */
  now?: () => Date;
  /** Events per `readAll` page (default 500). */
  batchSize?: number;
  /** Told about events the machine refuses (skipped) and about failures of the live loop (which retries). */
  onError?: (error: unknown, event?: StoredEvent) => void;
  /** Delay before the live loop resubscribes after a failure (default 1 s). */
  retryDelayMs?: number;
  /** Days before a program's last day that the window-closing reminder fires (default 3). */
  windowReminderDays?: number;
  /** Cases kept folded in memory while following (default 5000); a case met again after that is folded anew. */
  cacheSize?: number;
  /**
   * On CalendarPublished: brings the process's working calendar up to that event (at least) before re-planning.
   * Without it the calendar in use is taken as it is.
   */
  refreshCalendar?: () => Promise<void>;
  /** Told, after a CalendarPublished re-planned the open deadlines, which stage due times moved. */
  onReplanned?: (event: StoredEvent, moves: DueMove[]) => void | Promise<void>;
}

/** Where the cases being followed are kept: bounded while following live, every case during a resync. */
interface Tracks {
  get(stream: string): TrackedCase | undefined;
  set(stream: string, track: TrackedCase): unknown;
  delete(stream: string): unknown;
}

const CASE_STREAM_PREFIX = 'case-';
const PROGRAM_STREAM_PREFIX = 'program-';
const DEFAULT_WINDOW_REMINDER_DAYS = 3;

/** The part of ProgramCreated read here (structurally; the domain's event fits). */
interface ProgramCreatedData {
  programId: string;
  window: { opensOn: string; closesOn: string };
}
const isTerminal = (stage: string): boolean => (TERMINAL_STAGES as readonly string[]).includes(stage);

export class DeadlineConsumer {
  private readonly tracks: LruMap<string, TrackedCase>;
  /** Program window deadlines still wanted (for resync), by program stream. */
  private readonly windows = new Map<string, Deadline[]>();
  private readonly now: () => Date;
  private readonly batchSize: number;
  private readonly onError: (error: unknown, event?: StoredEvent) => void;
  private readonly follower: LogFollower;
  private running = false;

  constructor(private readonly options: DeadlineConsumerOptions) {
    this.now = options.now ?? (() => new Date());
    this.batchSize = options.batchSize ?? 500;
    this.onError = options.onError ?? (() => undefined);
    this.tracks = new LruMap(options.cacheSize ?? 5000);
    this.follower = new LogFollower(options.store, {
      name: 'deadlines',
      batchSize: this.batchSize,
      start: () => this.options.checkpoints.load(),
      handle: async (events, checkpoint) => {
        for (const event of events) await this.handle(event);
        await this.options.checkpoints.save(checkpoint);
      },
    });
  }

  /** Processes everything after the checkpoint up to the store's head; returns the new checkpoint. */
  async catchUp(): Promise<number> {
    // From the checkpoint as stored now (a resync, or another process holding the lease, may have moved it), with
    // the cases folded again: one kept from before may miss events applied elsewhere since.
    this.tracks.clear();
    this.follower.rewind();
    return this.follower.catchUp().catch((error: unknown) => {
      throw unwrap(error);
    });
  }

  /** Follows the log live from the checkpoint (catching up first), in the background, until `stop`. */
  start(): void {
    if (this.running) throw new Error('DeadlineConsumer already started');
    this.running = true;
    this.tracks.clear();
    this.follower.rewind();
    this.follower.follow(
      (error) => {
        this.onError(unwrap(error));
        // Forget the in-memory cases: the retry folds them again from their streams up to the checkpoint.
        this.tracks.clear();
      },
      { retryDelayMs: this.options.retryDelayMs ?? 1000 },
    );
  }

  /** Its position and lag (the kernel's metric). */
  metrics(): Promise<FollowerMetrics> {
    return this.follower.metrics();
  }

  /** Whatever was handled is saved before it resolves (the checkpoint is saved with each batch). */
  async stop(): Promise<void> {
    this.running = false;
    await this.follower.stop();
  }

  /**
   * Rebuilds the schedule from zero: folds the whole log, drops every pending deadline, schedules what the cases'
   * current entries still need (see `currentDeadlines`), and moves the checkpoint to the end of what it read.
   * Run it with the consumer stopped (for instance at boot, or after switching scheduler adapters).
   */
  async resync(): Promise<number> {
    if (this.running) throw new Error('stop the DeadlineConsumer before resync');
    this.tracks.clear();
    this.windows.clear();
    // Every open case's current entry is wanted at the end, so the resync keeps them all (one fold each).
    const tracks = new Map<string, TrackedCase>();
    let position = 0;
    for (;;) {
      const batch = await this.options.store.readAll({ fromPosition: position, limit: this.batchSize });
      if (batch.length === 0) break;
      for (const event of batch) {
        this.programStep(event);
        await this.step(event, tracks);
      }
      position = batch[batch.length - 1]!.position;
    }
    const wanted: Deadline[] = [...this.windows.values()].flat();
    for (const track of tracks.values()) {
      wanted.push(...currentDeadlines(await this.definition(track.workflow), track, this.now()));
    }
    const entries = new Map<string, Deadline>();
    for (const d of await this.options.scheduler.pending()) entries.set(`${d.caseId}\u0000${d.stage}\u0000${d.entry}`, d);
    for (const d of entries.values()) await this.options.scheduler.cancelEntry(d.caseId, d.stage, d.entry);
    if (wanted.length > 0) await this.options.scheduler.schedule(wanted);
    await this.options.checkpoints.save(position);
    return position;
  }

  /** Applies one event of the log (of streams other than cases and programs: ignored). */
  async handle(event: StoredEvent): Promise<void> {
    if (event.type === 'CalendarPublished') return this.replan(event);
    const windows = this.programStep(event);
    if (windows.length > 0) await this.options.scheduler.schedule(windows);
    const step = await this.step(event, this.tracks);
    if (!step) return;
    if (step.cancel) await this.options.scheduler.cancelEntry(step.cancel.caseId, step.cancel.stage, step.cancel.entry);
    if (step.schedule.length > 0) await this.options.scheduler.schedule(step.schedule);
  }

  /**
   * A year's official arrangement changes working-day due times: every open case is folded from the log up to the
   * event (the in-memory tracks may hold only the cases met since the last start) and its pending deadlines are
   * replaced where they changed. A full read of the log, once per publication (a few a year).
   */
  private async replan(event: StoredEvent): Promise<void> {
    await this.options.refreshCalendar?.();
    const moves = await this.replanUpTo(event.position);
    await this.options.onReplanned?.(event, moves);
  }

  /**
   * Re-plans every open deadline against the calendar in use now (at start, when the schedule was planned under
   * another calendar: an upgrade of the shipped table or of the provisional rules). Run it with the consumer stopped.
   */
  async replanAll(): Promise<DueMove[]> {
    if (this.running) throw new Error('stop the DeadlineConsumer before replanAll');
    return this.replanUpTo(await this.options.store.headPosition());
  }

  private async replanUpTo(position: number): Promise<DueMove[]> {
    const tracks = await this.foldCases(position);
    return replanDeadlines(tracks.values(), (t) => this.definition(t.workflow), this.options.scheduler, this.now());
  }

  private async foldCases(toPosition: number): Promise<Map<string, TrackedCase>> {
    const tracks = new Map<string, TrackedCase>();
    for (let position = 0; ; ) {
      const batch = await this.options.store.readAll({ fromPosition: position, limit: this.batchSize });
      for (const event of batch) {
        if (event.position > toPosition) return tracks;
        if (!event.stream.startsWith(CASE_STREAM_PREFIX)) continue;
        const step = await this.apply(tracks.get(event.stream), event);
        if (!step) continue;
        if (isTerminal(step.track.stage)) tracks.delete(event.stream);
        else tracks.set(event.stream, step.track);
      }
      if (batch.length === 0) return tracks;
      position = batch[batch.length - 1]!.position;
    }
  }

  /**
   * A program's window: its deadlines are planned from ProgramCreated (returned, to schedule); the reminder and the
   * close, once in the log, drop out of what a resync still wants.
   */
  private programStep(event: StoredEvent): Deadline[] {
    if (!event.stream.startsWith(PROGRAM_STREAM_PREFIX)) return [];
    if (event.type === 'ProgramCreated') {
      const { programId, window } = event.data as ProgramCreatedData;
      const days = this.options.windowReminderDays ?? DEFAULT_WINDOW_REMINDER_DAYS;
      const planned = planProgramWindow(programId, window.closesOn, days, new Date(event.metadata.at));
      this.windows.set(event.stream, planned);
      return planned;
    }
    const kept = this.windows.get(event.stream);
    if (kept && event.type === 'ProgramWindowClosing') this.windows.set(event.stream, kept.filter((d) => d.kind !== 'window-closing'));
    if (kept && event.type === 'ProgramWindowClosed') this.windows.delete(event.stream);
    return [];
  }

  /** Folds one event into its case; returns what to cancel and schedule, or nothing for unrelated events. */
  private async step(event: StoredEvent, tracks: Tracks): Promise<TrackStep | undefined> {
    if (!event.stream.startsWith(CASE_STREAM_PREFIX)) return undefined;
    let track = tracks.get(event.stream);
    if (!track && event.revision > 0) track = await this.fold(event.stream, event.position - 1);
    if (track && event.position <= track.position) return undefined;
    const step = await this.apply(track, event);
    if (!step) return undefined;
    if (isTerminal(step.track.stage)) tracks.delete(event.stream);
    else tracks.set(event.stream, step.track);
    return step;
  }

  private async apply(track: TrackedCase | undefined, event: StoredEvent): Promise<TrackStep | undefined> {
    try {
      if (!track) {
        const ref = readWorkflowRef(event);
        return ref && startTracking(await this.definition(ref), event);
      }
      return trackEvent(await this.definition(track.workflow), track, event);
    } catch (error) {
      // An event the machine refuses should never be in the log; skip it rather than stall every deadline.
      if (error instanceof CaseEventRejectedError) {
        this.onError(error, event);
        return undefined;
      }
      throw error;
    }
  }

  /** A case's state as of `toPosition`, folded from its own stream (after a restart or a retry). */
  private async fold(stream: string, toPosition: number): Promise<TrackedCase | undefined> {
    let track: TrackedCase | undefined;
    for (const event of await this.options.store.readStream(stream, { toPosition })) {
      track = (await this.apply(track, event))?.track ?? track;
    }
    return track;
  }

  private async definition(ref: WorkflowRef): Promise<WorkflowDefinition> {
    return this.options.resolveDefinition(ref.key, ref.version);
  }
}

/** The handler's own error, not the kernel's wrapper: callers and logs see what failed. */
const unwrap = (error: unknown): unknown => (error instanceof FollowerFailedError ? error.cause : error);
