/**
 * Loads case and program streams for commands and reads, fast: folds are kept in LRU caches by stream, and a load
 * reads only the events after the cached revision (always from the store, so other processes' appends are seen).
 * Also hands out the stream specs and the CommandRunner that start folding from those caches, so a command's
 * own load in the runner reads only the tail too. A case's workflow version comes from its `CaseCreated`.
 */
import { Inject, Injectable } from '@nestjs/common';
import {
  caseEvolver,
  caseSnapshotKey,
  caseStream,
  evolveCase,
  evolveProgram,
  foldProgramFrom,
  initialCaseState,
  initialProgramState,
  programStream,
} from '@shenbao/domain';
import type { CaseEvent, CaseFold, CaseState, ProgramEvent, ProgramFold, ProgramState } from '@shenbao/domain';
import type { EventStore, SnapshotStore, StoredEvent } from '@shenbao/event-store';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { IntegrityGuard } from '../../infrastructure/integrity-guard';
import { CommandRunner } from '../../infrastructure/command-runner';
import type { StreamSpec } from '../../infrastructure/command-runner';
import { StreamTurns } from '../../infrastructure/stream-turns';
import { CLOCK, EVENT_STORE, SNAPSHOT_STORE } from '@shenbao/host';
import type { Clock } from '@shenbao/host';
import { MetricsService } from '../../observability/metrics.service';
import { WorkflowCatalog } from '../../workflow-definitions/workflow-catalog';
import { FoldCache } from './fold-cache';
import type { Folded } from './fold-cache';
import { resumable, SnapshotReadingStore } from './snapshot-store';
import type { FoldedMessage } from './snapshot-store';

/** Enough for every open case of a round several times over; a case fold is a few kB to a few tens of kB. */
export const CASE_CACHE_SIZE = 2000;
const PROGRAM_CACHE_SIZE = 100;
/** A cold load that had to fold at least this many events leaves a snapshot for the next cold load. */
export const SNAPSHOT_EVERY = 100;

export interface LoadedCase {
  state: CaseState;
  revision: number;
  definition: WorkflowDefinition;
}

export interface LoadedProgram {
  state: ProgramState;
  revision: number;
}

export type CaseSpec = StreamSpec<CaseFold, CaseEvent | FoldedMessage<CaseFold>>;
export type ProgramSpec = StreamSpec<ProgramFold, ProgramEvent | FoldedMessage<ProgramFold>>;

const asCaseEvent = (e: StoredEvent): CaseEvent => ({ type: e.type, data: e.data }) as CaseEvent;
const asProgramEvent = (e: StoredEvent): ProgramEvent => ({ type: e.type, data: e.data }) as ProgramEvent;

@Injectable()
export class StreamLoader {
  private readonly cases = new FoldCache<CaseState>(CASE_CACHE_SIZE);
  private readonly programs = new FoldCache<ProgramState>(PROGRAM_CACHE_SIZE);
  /** The command runner for case and program streams: its loads start from the caches above. */
  readonly runner: CommandRunner;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) clock: Clock,
    metrics: MetricsService,
    private readonly catalog: WorkflowCatalog,
    @Inject(SNAPSHOT_STORE) private readonly snapshots: SnapshotStore,
    turns: StreamTurns,
    integrity: IntegrityGuard = new IntegrityGuard(),
  ) {
    const resuming = new SnapshotReadingStore(store, (stream) => this.cases.get(stream) ?? this.programs.get(stream));
    this.runner = new CommandRunner(resuming, clock, metrics, turns, integrity);
  }

  /** The case as stored now, or undefined when there is no such case. */
  async loadCase(caseId: string): Promise<LoadedCase | undefined> {
    const stream = caseStream(caseId);
    const cached = this.cases.get(stream) ?? (await this.fromSnapshot(stream));
    const events = await this.store.readStream(stream, cached ? { fromRevision: cached.revision + 1 } : undefined);
    if (!cached && events.length === 0) return undefined;
    let state: CaseFold = cached?.state ?? initialCaseState;
    let definition: WorkflowDefinition;
    if (state) definition = await this.definitionOf(state.workflow);
    else {
      const first = asCaseEvent(events[0]);
      if (first.type !== 'CaseCreated') throw new Error(`Stream ${stream} does not start with CaseCreated`);
      definition = await this.definitionOf(first.data.workflow);
    }
    for (const e of events) state = evolveCase(definition, state, asCaseEvent(e));
    if (!state) throw new Error(`Stream ${stream} folds to no case`);
    const revision = events.length > 0 ? events[events.length - 1].revision : cached!.revision;
    this.cases.remember(stream, state, revision);
    if (events.length >= SNAPSHOT_EVERY) await this.snapshots.save({ stream, key: caseSnapshotKey(definition), revision, state });
    return { state, revision, definition };
  }

  /** A snapshot made by this very fold (same workflow version and fold code), else nothing. */
  private async fromSnapshot(stream: string): Promise<Folded<CaseState> | undefined> {
    const snapshot = await this.snapshots.latest<CaseState>(stream);
    if (!snapshot) return undefined;
    const definition = await this.definitionOf(snapshot.state.workflow).catch(() => undefined);
    if (!definition || snapshot.key !== caseSnapshotKey(definition)) return undefined;
    return { state: snapshot.state, revision: snapshot.revision };
  }

  /** The program as stored now, or undefined when there is no such program. */
  async loadProgram(programId: string): Promise<LoadedProgram | undefined> {
    const stream = programStream(programId);
    const cached = this.programs.get(stream);
    const events = await this.store.readStream(stream, cached ? { fromRevision: cached.revision + 1 } : undefined);
    const state = foldProgramFrom(cached?.state ?? initialProgramState, events.map(asProgramEvent));
    if (!state) return undefined;
    const revision = events.length > 0 ? events[events.length - 1].revision : cached!.revision;
    this.programs.remember(stream, state, revision);
    return { state, revision };
  }

  /** The program stream's events as stored now (empty when there is no such program), for the rare whole-stream reader. */
  async programEvents(programId: string): Promise<ProgramEvent[]> {
    return (await this.store.readStream(programStream(programId))).map(asProgramEvent);
  }

  /**
   * Folds the program into the cache when it is not there (the first command on it after a start), so that the
   * runner, which folds event by event, only ever folds a short tail of a program stream.
   */
  async warmProgram(programId: string): Promise<void> {
    if (!this.programs.get(programStream(programId))) await this.loadProgram(programId);
  }

  /** A published workflow version; a case or program naming an unknown one is a corrupted log. */
  async definitionOf(ref: { key: string; version: number }): Promise<WorkflowDefinition> {
    let published = this.catalog.get(ref.key, ref.version);
    if (!published) {
      await this.catalog.catchUp();
      published = this.catalog.get(ref.key, ref.version);
    }
    if (!published) throw new Error(`Workflow ${ref.key}@${ref.version} is not published`);
    return published.definition;
  }

  caseSpec(caseId: string, definition: WorkflowDefinition, expectedRevision?: number): CaseSpec {
    return {
      stream: caseStream(caseId),
      model: resumable({ initialState: initialCaseState, evolve: caseEvolver(definition) }),
      ...(expectedRevision !== undefined ? { expectedRevision } : {}),
    };
  }

  /**
   * `guard: false`: the program stream's revision is checked whenever a decision appends to it, which every
   * decision that consumes or frees a program-wide place (slot, city-level place, quota, batch) does. Decisions
   * that only read its fixed settings (window, tasks) then do not conflict with unrelated cases' slot changes.
   */
  programSpec(programId: string, guard = false): ProgramSpec {
    return { stream: programStream(programId), model: resumable({ initialState: initialProgramState, evolve: evolveProgram }), guard };
  }

  rememberCase(caseId: string, folded: Folded<CaseFold>): void {
    if (folded.state) this.cases.remember(caseStream(caseId), folded.state, folded.revision);
  }

  rememberProgram(programId: string, folded: Folded<ProgramFold>): void {
    if (folded.state) this.programs.remember(programStream(programId), folded.state, folded.revision);
  }
}
