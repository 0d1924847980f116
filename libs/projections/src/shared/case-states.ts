/**
 * Per-projection store of case machine states. The stage of a case is what the workflow machine says, so every read
 * model that needs stages folds the case's events through `replayCaseEvent` (stored events were accepted when decided) and keeps the persisted snapshot in its
 * own table. Each projection keeps its own copy on purpose: the runner applies a batch projection by projection, so a
 * shared table would show one projection the state *after* the batch instead of after the event it is applying.
 *
 * Definitions come from the injected resolver first, then from `WorkflowVersionPublished` events this table has seen
 * in the log (so a version published by another API instance is known without a restart).
 */
import {
  replayCaseEvent,
  initialCaseSnapshot,
  stageOf,
  substateOf,
  type CaseMachineEvent,
  type CaseStateLike,
  type PersistedCaseState,
  type Stage,
  type WorkflowDefinition,
} from '@shenbao/workflows';
import { holderOf, type HolderRole } from '@shenbao/domain';
import { LruMap } from '@shenbao/event-store';
import type { StoredEvent } from '@shenbao/event-store';
import type { Db } from '../projection-runner';
import { caseIdOf } from './streams';
import { stmt } from './statements';

export type ResolveDefinition = (key: string, version: number) => WorkflowDefinition | undefined;

export interface CaseStep {
  caseId: string;
  /** The machine state after the event (JSON-safe). */
  after: PersistedCaseState;
  stage: Stage;
  substate: string | undefined;
  /** The case's workflow version (its time limits, cadence and time zone). */
  definition: WorkflowDefinition;
}

/** Live snapshots kept to skip xstate's resolveState on the next event of a case (a hot path during catch-up). */
const LIVE_CACHE_SIZE = 5000;

interface StateRow {
  wf_key: string;
  wf_version: number;
  state: string;
}

export class CaseStates {
  private readonly states: string;
  private readonly workflows: string;
  /** Versions are immutable, so a definition read from the table can be kept (also keeps the machine cache warm). */
  private readonly loaded = new Map<string, WorkflowDefinition>();
  private readonly live = new LruMap<string, { json: string; snapshot: CaseStateLike }>(LIVE_CACHE_SIZE);

  constructor(
    prefix: string,
    private readonly resolveDefinition: ResolveDefinition,
  ) {
    this.states = `${prefix}_case_states`;
    this.workflows = `${prefix}_workflows`;
  }

  setup(db: Db): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${this.states} (
        case_id TEXT PRIMARY KEY, wf_key TEXT NOT NULL, wf_version INTEGER NOT NULL, state TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS ${this.workflows} (
        key TEXT NOT NULL, version INTEGER NOT NULL, definition TEXT NOT NULL, PRIMARY KEY (key, version));
    `);
  }

  reset(db: Db): void {
    this.live.clear();
    db.exec(`DROP TABLE IF EXISTS ${this.states}; DROP TABLE IF EXISTS ${this.workflows};`);
  }

  /**
   * Steps the machine of the event's case. Returns undefined for events outside case streams (after remembering
   * published workflow versions). Throws when the machine refuses the event: a read model must not guess.
   */
  step(db: Db, event: StoredEvent): CaseStep | undefined {
    if (event.type === 'WorkflowVersionPublished') {
      this.remember(db, event);
      return undefined;
    }
    const caseId = caseIdOf(event.stream);
    if (caseId === undefined) return undefined;

    let key: string;
    let version: number;
    let from: CaseStateLike | undefined;
    if (event.type === 'CaseCreated') {
      ({ key, version } = (event.data as { workflow: { key: string; version: number } }).workflow);
    } else {
      const row = stmt<[string], StateRow>(db, `SELECT wf_key, wf_version, state FROM ${this.states} WHERE case_id = ?`).get(caseId);
      if (!row) throw new Error(`${event.type} at ${event.position} for case ${caseId} that was never created`);
      key = row.wf_key;
      version = row.wf_version;
      // The cached snapshot is used only when it is exactly what the table holds, so a rolled-back batch (table
      // restored, cache not) falls back to the stored state.
      const hit = this.live.get(caseId);
      from = hit && hit.json === row.state ? hit.snapshot : (JSON.parse(row.state) as PersistedCaseState);
    }
    const definition = this.definition(db, key, version);
    const before = from ?? initialCaseSnapshot(definition);
    const snapshot = replayCaseEvent(definition, before, event as unknown as CaseMachineEvent);
    if (snapshot === before && from) {
      // A no-op for the machine (a draft save, a report): the stored state stays as it is.
      const same: PersistedCaseState = { value: from.value, context: from.context };
      return { caseId, after: same, stage: stageOf(same), substate: substateOf(same), definition };
    }
    // Read-only view of the live snapshot; JSON.stringify gives the same text toPersisted would.
    const after: PersistedCaseState = { value: snapshot.value, context: snapshot.context };
    const json = JSON.stringify(after);
    stmt(
      db,
      `INSERT INTO ${this.states} (case_id, wf_key, wf_version, state) VALUES (?, ?, ?, ?)
       ON CONFLICT(case_id) DO UPDATE SET state = excluded.state`,
    ).run(caseId, key, version, json);
    this.cache(caseId, json, snapshot);
    return { caseId, after, stage: stageOf(after), substate: substateOf(after), definition };
  }

  private cache(caseId: string, json: string, snapshot: CaseStateLike): void {
    this.live.set(caseId, { json, snapshot });
  }

  private remember(db: Db, event: StoredEvent): void {
    const data = event.data as { key: string; version: number; definition: WorkflowDefinition };
    stmt(db, `INSERT OR REPLACE INTO ${this.workflows} (key, version, definition) VALUES (?, ?, ?)`).run(
      data.key,
      data.version,
      JSON.stringify(data.definition),
    );
  }

  private definition(db: Db, key: string, version: number): WorkflowDefinition {
    const resolved = this.resolveDefinition(key, version);
    if (resolved) return resolved;
    const cached = this.loaded.get(`${key}@${version}`);
    if (cached) return cached;
    const row = stmt<[string, number], { definition: string }>(
      db,
      `SELECT definition FROM ${this.workflows} WHERE key = ? AND version = ?`,
    ).get(key, version);
    if (!row) throw new Error(`unknown workflow definition ${key}@${version}`);
    const definition = JSON.parse(row.definition) as WorkflowDefinition;
    this.loaded.set(`${key}@${version}`, definition);
    return definition;
  }
}

/** Experts on the panel who have not recused (the machine swaps replaced experts out of `panel`). */
export const activePanel = (state: PersistedCaseState): string[] =>
  state.context.panel.filter((id) => !state.context.recused.includes(id));

/** True when the current stage entry was marked overdue. */
export const isOverdue = (state: PersistedCaseState): boolean => state.context.overdueEntry === state.context.entry;

/**
 * The role that holds an overdue case now (the domain's `holderOf`: the party owing the next step), or null when the
 * case is not overdue. "Overdue work by role" counts and filters on it. Only timed stages are ever overdue and none
 * of them needs the progress reports `holderOf` reads for progressEvaluation, so none are given.
 */
export function overdueRoleOf(step: Pick<CaseStep, 'after' | 'stage' | 'substate'>): HolderRole | null {
  if (!isOverdue(step.after)) return null;
  const context = step.after.context;
  return holderOf({ stage: step.stage, substate: step.substate, cities: context.cities, context, reports: [] })?.role ?? null;
}
