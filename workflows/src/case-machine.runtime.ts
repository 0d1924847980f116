/**
 * The one place that restores and steps case machines: pure `initialTransition` / `transition` with no actor, so
 * replaying events never runs anything. Snapshots can be xstate's own or the JSON-safe persisted form; both are
 * restored through `machine.resolveState`.
 */
import { initialTransition, transition, type SnapshotFrom } from 'xstate';
import { createCaseMachine, type CaseMachine } from './case.machine';
import type { CaseMachineEvent, PersistedCaseState } from './case-machine.types';
import { STAGES, type Stage, type WorkflowDefinition } from './definition.types';

export type CaseSnapshot = SnapshotFrom<CaseMachine>;
/** Anything with a state value and a context: a live snapshot or a persisted one. */
export type CaseStateLike = CaseSnapshot | PersistedCaseState;

/** Thrown when an event is not accepted in the snapshot's state (the decider maps it to ILLEGAL_TRANSITION). */
export class CaseEventRejectedError extends Error {
  constructor(
    readonly eventType: string,
    readonly stage: Stage,
    readonly substate: string | undefined,
  ) {
    super(`event ${eventType} is not accepted in stage ${substate ? `${stage}.${substate}` : stage}`);
    this.name = 'CaseEventRejectedError';
  }
}

interface CacheEntry {
  definition: WorkflowDefinition;
  fingerprint: string;
  machine: CaseMachine;
}
const machines = new Map<string, CacheEntry>();

/**
 * The machine for a definition, cached per `key@version` (versions are immutable). A different definition under the
 * same key and version (tests, an admin preview) replaces the cached machine instead of silently reusing it.
 */
export function caseMachineFor(definition: WorkflowDefinition): CaseMachine {
  const id = `${definition.key}@${definition.version}`;
  const cached = machines.get(id);
  if (cached && cached.definition === definition) return cached.machine;
  const fingerprint = JSON.stringify(definition);
  if (cached && cached.fingerprint === fingerprint) {
    cached.definition = definition;
    return cached.machine;
  }
  const machine = createCaseMachine(definition);
  machines.set(id, { definition, fingerprint, machine });
  return machine;
}

/**
 * Live snapshots behind the persisted states this module handed out, so stepping a state that came from
 * `toPersisted` does not pay for `resolveState` again (folds step thousands of them).
 */
const liveOf = new WeakMap<PersistedCaseState, CaseSnapshot>();

function restore(machine: CaseMachine, state: CaseStateLike): CaseSnapshot {
  if ('machine' in state && state.machine === machine) return state;
  const live = liveOf.get(state as PersistedCaseState);
  if (live && live.machine === machine) return live;
  return machine.resolveState({ value: state.value, context: state.context });
}

export function initialCaseSnapshot(definition: WorkflowDefinition): CaseSnapshot {
  return initialTransition(caseMachineFor(definition))[0];
}

export function canApplyCaseEvent(definition: WorkflowDefinition, state: CaseStateLike, event: CaseMachineEvent): boolean {
  return restore(caseMachineFor(definition), state).can(event);
}

/** The next snapshot; throws CaseEventRejectedError when the current state does not accept the event. */
export function applyCaseEvent(definition: WorkflowDefinition, state: CaseStateLike, event: CaseMachineEvent): CaseSnapshot {
  const machine = caseMachineFor(definition);
  const snapshot = restore(machine, state);
  if (!snapshot.can(event)) throw new CaseEventRejectedError(event.type, stageOf(snapshot), substateOf(snapshot));
  return transition(machine, snapshot, event)[0];
}

export function foldCaseEvents(definition: WorkflowDefinition, events: Iterable<CaseMachineEvent>): CaseSnapshot {
  let snapshot = initialCaseSnapshot(definition);
  for (const event of events) snapshot = applyCaseEvent(definition, snapshot, event);
  return snapshot;
}

function topLevel(value: CaseStateLike['value']): string {
  if (typeof value === 'string') return value;
  const keys = Object.keys(value);
  if (keys.length !== 1) throw new Error(`not a case state value: ${JSON.stringify(value)}`);
  return keys[0]!;
}

export function stageOf(state: Pick<CaseStateLike, 'value'>): Stage {
  const stage = topLevel(state.value);
  if (!(STAGES as readonly string[]).includes(stage)) throw new Error(`unknown stage ${stage}`);
  return stage as Stage;
}

/** The substate inside the stage (`scoring`, `open`, `rectification`, …); undefined for stages without substates. */
export function substateOf(state: Pick<CaseStateLike, 'value'>): string | undefined {
  const value = state.value;
  if (typeof value === 'string') return undefined;
  const inner: unknown = (value as Record<string, unknown>)[topLevel(value)];
  return typeof inner === 'string' ? inner : undefined;
}

/**
 * The persisted form of a snapshot: its value and context, without unset optional fields (as JSON would drop
 * them). The context is JSON-safe by construction and xstate never mutates it (assign makes a new one), so this is
 * a shallow copy, not a JSON round trip.
 */
export function toPersisted(state: CaseStateLike): PersistedCaseState {
  const context = Object.fromEntries(Object.entries(state.context).filter(([, v]) => v !== undefined));
  const persisted = { value: state.value, context } as PersistedCaseState;
  if ('machine' in state) liveOf.set(persisted, state);
  return persisted;
}

export function fromPersisted(definition: WorkflowDefinition, persisted: PersistedCaseState): CaseSnapshot {
  return restore(caseMachineFor(definition), persisted);
}

/**
 * Replay of stored events (evolve): they were accepted when decided, so the `can()` check is skipped, and events
 * that the current state accepts without changing anything the machine tracks (the `accept` no-op: draft saves,
 * progress reports, …) return the same snapshot without running xstate at all. Folding a long case stays cheap.
 * Whether (state, event type) is such a no-op is read once from the machine's own transition table and cached;
 * for a no-op the very same state object comes back, so callers can skip re-persisting it.
 */
export function replayCaseEvent<S extends CaseStateLike>(definition: WorkflowDefinition, state: S, event: CaseMachineEvent): S | CaseSnapshot {
  const machine = caseMachineFor(definition);
  // Checked on the state value alone, so a persisted state is not even restored for a no-op.
  if (isNoOp(machine, state, event.type)) return state;
  return transition(machine, restore(machine, state), event)[0];
}

/**
 * True when the state takes this event type without changing anything the machine tracks (the no-op of
 * `replayCaseEvent`), so a consumer that only follows stages can pass the event by without restoring the machine.
 */
export function isCaseEventNoOp(definition: WorkflowDefinition, state: Pick<CaseStateLike, 'value'>, eventType: string): boolean {
  return isNoOp(caseMachineFor(definition), state, eventType);
}

const noOps = new WeakMap<CaseMachine, Map<string, boolean>>();

function isNoOp(machine: CaseMachine, snapshot: Pick<CaseStateLike, 'value'>, eventType: string): boolean {
  let table = noOps.get(machine);
  if (!table) noOps.set(machine, (table = new Map()));
  const stage = stageOf(snapshot);
  const key = `${stage}.${substateOf(snapshot) ?? ''}|${eventType}`;
  let noOp = table.get(key);
  if (noOp === undefined) {
    noOp = computeNoOp(machine, stage, substateOf(snapshot), eventType);
    table.set(key, noOp);
  }
  return noOp;
}

/** Innermost state node that handles the event decides (as xstate does); a no-op has no target and only `accept`. */
function computeNoOp(machine: CaseMachine, stage: string, substate: string | undefined, eventType: string): boolean {
  const stageNode = machine.root.states[stage];
  const nodes = [substate ? stageNode?.states[substate] : undefined, stageNode, machine.root];
  for (const node of nodes) {
    const candidates = node?.transitions.get(eventType);
    if (!candidates || candidates.length === 0) continue;
    return candidates.every(
      (t) => (!t.target || t.target.length === 0) && t.actions.every((a) => typeof a === 'object' && a !== null && 'type' in a ? (a as { type: string }).type === 'accept' : a === 'accept'),
    );
  }
  return false;
}
