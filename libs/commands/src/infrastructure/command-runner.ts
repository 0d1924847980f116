/**
 * Runs one command against the event store: load the named streams, fold them, decide, append atomically with the
 * loaded revisions as expected revisions. Commands of this process on one stream take turns (stream-turns.ts: a
 * keyed queue over the streams a command checks or writes, passed on as soon as the append is made), so they never
 * decide on the same state; a concurrent write by another process is reloaded and decided again (bounded,
 * jittered backoff). A revision the client pinned with `If-Match` is never retried: it becomes 409
 * REVISION_CONFLICT at once.
 * Every slice's handler goes through here, so metadata, metrics and concurrency are handled in one place.
 */
import { Inject, Injectable } from '@nestjs/common';
import { newEventId } from './ids';
import { StreamTurns } from './stream-turns';
import { IntegrityGuard } from './integrity-guard';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError, isDomainError } from '@shenbao/domain';
import { WrongExpectedRevisionError } from '@shenbao/event-store';
import type { AppendResult, EventMetadata, EventStore, StoredEvent, StreamWrite } from '@shenbao/event-store';
import { MetricsService } from '../observability/metrics.service';
import { CLOCK, EVENT_STORE } from '@shenbao/host';
import type { Clock } from '@shenbao/host';

export interface EventMessage {
  type: string;
  data: unknown;
}

/** What folds a stream: any decider (`initialState` + `evolve`) fits. */
export interface StreamModel<S, E extends EventMessage> {
  initialState: S;
  evolve(state: S, event: E): S;
}

export interface StreamSpec<S, E extends EventMessage> {
  stream: string;
  model: StreamModel<S, E>;
  /** The revision the client pinned (`If-Match`); a mismatch is a 409, never retried. */
  expectedRevision?: number;
  /** Default true: the append also checks this stream did not move, even when nothing is appended to it. */
  guard?: boolean;
}

// `any` here only widens the constraint; each stream's state and event types are inferred from its model.
type AnySpec = StreamSpec<any, any>;
type StateOf<T> = T extends StreamSpec<infer S, EventMessage> ? S : never;
type EventOf<T> = T extends StreamSpec<unknown, infer E> ? E : never;

export interface LoadedStream<S> {
  stream: string;
  state: S;
  /** Revision of the last event, -1 when the stream does not exist. */
  revision: number;
  /** The state includes events of this process not yet durable (so it must not be cached). */
  inFlight: boolean;
}

/** An event to append; `id` fixes the event id (seeding), otherwise a random uuid is used. */
export type PendingEvent<E extends EventMessage> = E & { id?: string };

export type Loaded<T extends Record<string, AnySpec>> = { [K in keyof T]: LoadedStream<StateOf<T[K]>> };
export type Decision<T extends Record<string, AnySpec>> = { [K in keyof T]?: PendingEvent<EventOf<T[K]>>[] };

/** Who and why, for event metadata. */
export interface CommandContext {
  actor: { userId: string; role: string };
  correlationId: string;
  /** The message that caused this command; the correlation id when it came straight from a request. */
  causationId?: string;
  idempotencyKey?: string;
}

export interface CommandResult<K extends PropertyKey> {
  /** Per stream key: its revision after the command (unchanged when nothing was appended to it). */
  revisions: Record<K, number>;
  /** Global position of the last event appended; the head position when nothing was appended. */
  position: number;
  appended: number;
}

const MAX_RETRIES = 5;

@Injectable()
export class CommandRunner {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly metrics: MetricsService,
    /** One per process, shared by every runner in it (the turns order commands across all of them). */
    private readonly turns: StreamTurns,
    /** Streams found broken by the integrity check take no more events (offline tools and unit tests: none). */
    private readonly integrity: IntegrityGuard = new IntegrityGuard(),
  ) {}

  async run<T extends Record<string, AnySpec>>(
    commandType: string,
    specs: T,
    decide: (loaded: Loaded<T>, now: Date) => Decision<T>,
    context: CommandContext,
  ): Promise<CommandResult<keyof T>> {
    const started = process.hrtime.bigint();
    const seconds = () => Number(process.hrtime.bigint() - started) / 1e9;
    try {
      const result = await this.attempt(commandType, specs, decide, context);
      this.metrics.recordCommand(commandType, 'ok', seconds());
      this.metrics.recordAppended(result.appended);
      return result;
    } catch (e) {
      this.metrics.recordCommand(commandType, isDomainError(e) ? e.code : 'error', seconds());
      throw e;
    }
  }

  private async attempt<T extends Record<string, AnySpec>>(
    commandType: string,
    specs: T,
    decide: (loaded: Loaded<T>, now: Date) => Decision<T>,
    context: CommandContext,
  ): Promise<CommandResult<keyof T>> {
    const keys = Object.keys(specs) as (keyof T & string)[];
    // The streams the append checks whatever is decided; an unguarded stream is added once a decision writes it.
    const held = new Set(keys.filter((k) => specs[k].guard !== false).map((k) => specs[k].stream));
    let release = await this.turns.queue.acquire(held);
    try {
      for (let retries = 0; ; ) {
        const loaded = await this.load(specs, keys);
        const now = this.clock();
        const writes = this.writes(specs, keys, loaded, decide(loaded, now), this.metadata(context, now));
        const unheld = writes.filter((w) => !held.has(w.stream));
        if (unheld.length > 0) {
          // Another command here may be deciding on that stream right now: take it too, then load and decide again.
          release();
          for (const w of unheld) held.add(w.stream);
          release = await this.turns.queue.acquire(held);
          continue;
        }
        if (!writes.some((w) => w.events.length > 0)) {
          // Nothing to append: answer with durable revisions only.
          if (!keys.some((k) => loaded[k].inFlight)) return { revisions: revisionsOf(keys, loaded), position: await this.store.headPosition(), appended: 0 };
          await this.turns.inFlight.whenSettled(keys.map((k) => specs[k].stream));
          continue;
        }
        this.integrity.check(writes.filter((w) => w.events.length > 0).map((w) => w.stream));
        const appending = this.store.append(writes);
        this.turns.inFlight.track(writes, appending);
        release();
        const result = await this.settle(appending, specs, keys, loaded, writes, retries >= MAX_RETRIES);
        if (result) return result;
        this.metrics.recordRetry(commandType);
        // Jittered, growing backoff so that racing processes do not collide again in lockstep.
        await sleep(Math.round((5 + Math.random() * 15) * 2 ** retries++));
        release = await this.turns.queue.acquire(held);
      }
    } finally {
      release();
    }
  }

  /** The result of the append; undefined when another process moved one of the streams and the command may retry. */
  private async settle<T extends Record<string, AnySpec>>(
    appending: Promise<AppendResult>,
    specs: T,
    keys: (keyof T & string)[],
    loaded: Loaded<T>,
    writes: StreamWrite[],
    lastTry: boolean,
  ): Promise<CommandResult<keyof T> | undefined> {
    try {
      const result = await appending;
      const revisions = revisionsOf(keys, loaded);
      for (const k of keys) {
        const written = result.streams.find((s) => s.stream === specs[k].stream);
        if (written) revisions[k] = written.revision;
      }
      return { revisions, position: result.position, appended: writes.reduce((n, w) => n + w.events.length, 0) };
    } catch (e) {
      if (!(e instanceof WrongExpectedRevisionError)) throw e;
      // A stream moved under another process, or an in-flight append decided on failed; the client's pinned
      // revision is its own to reload.
      const pinned = keys.some((k) => specs[k].stream === e.stream && specs[k].expectedRevision !== undefined);
      if (pinned || lastTry) throw revisionConflict(e.stream, e.actual);
      return undefined;
    }
  }

  private async load<T extends Record<string, AnySpec>>(specs: T, keys: (keyof T & string)[]): Promise<Loaded<T>> {
    const entries = await Promise.all(
      keys.map(async (k) => {
        const spec = specs[k];
        const events: StoredEvent[] = await this.store.readStream(spec.stream);
        let state: unknown = spec.model.initialState;
        for (const e of events) state = spec.model.evolve(state, { type: e.type, data: e.data });
        const stored = events.length === 0 ? -1 : events[events.length - 1].revision;
        // This process's appends of earlier turns that are not settled yet come next.
        const { events: inFlight, revision } = this.turns.inFlight.after(spec.stream, stored);
        for (const e of inFlight) state = spec.model.evolve(state, e);
        if (spec.expectedRevision !== undefined && spec.expectedRevision !== revision) {
          throw revisionConflict(spec.stream, revision);
        }
        return [k, { stream: spec.stream, state, revision, inFlight: inFlight.length > 0 }] as const;
      }),
    );
    return Object.fromEntries(entries) as Loaded<T>;
  }

  private writes<T extends Record<string, AnySpec>>(
    specs: T,
    keys: (keyof T & string)[],
    loaded: Loaded<T>,
    decision: Decision<T>,
    metadata: EventMetadata,
  ): StreamWrite[] {
    for (const k of Object.keys(decision)) {
      if (!(k in specs)) throw new Error(`decision names stream key "${k}" that was not loaded`);
    }
    return keys
      .map((k): StreamWrite => {
        // The per-stream event type is generic here; every event is an EventMessage by construction.
        const events = (decision[k] ?? []) as unknown as PendingEvent<EventMessage>[];
        const revision = loaded[k].revision;
        return {
          stream: specs[k].stream,
          expectedRevision: revision === -1 ? 'no_stream' : revision,
          events: events.map((e) => ({ id: e.id ?? newEventId(), type: e.type, data: e.data, metadata })),
        };
      })
      .filter((w, i) => w.events.length > 0 || specs[keys[i]].guard !== false);
  }

  private metadata(context: CommandContext, now: Date): EventMetadata {
    return {
      actor: context.actor.userId,
      role: context.actor.role,
      at: now.toISOString(),
      correlationId: context.correlationId,
      causationId: context.causationId ?? context.correlationId,
      ...(context.idempotencyKey !== undefined ? { idempotencyKey: context.idempotencyKey } : {}),
      schemaVersion: 1,
      // Only a new stream takes it (the store keeps an existing stream on its own chain hash).
      ...(this.integrity.newStreamHash === 'sm3' ? { hashAlgorithm: 'sm3' as const } : {}),
    };
  }
}

function revisionsOf<T extends Record<string, AnySpec>>(keys: (keyof T & string)[], loaded: Loaded<T>): Record<keyof T, number> {
  return Object.fromEntries(keys.map((k) => [k, loaded[k].revision])) as Record<keyof T, number>;
}

export function revisionConflict(stream: string, currentRevision: number): DomainError {
  return new DomainError(
    'REVISION_CONFLICT',
    `${stream} has changed (now at revision ${currentRevision}); reload it and try again`,
    { currentRevision },
  );
}
