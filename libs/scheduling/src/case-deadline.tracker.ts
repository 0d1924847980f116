/**
 * Pure: follows one case's stream through its machine and says, per event, which stage entry's deadlines to drop
 * and which to schedule. The consumer applies those steps live; `resync` folds the whole log and asks
 * `currentDeadlines` instead. Entry times come from the events' `metadata.at` (the decider's clock), never from now,
 * so replaying the log plans the same due times.
 */
import { applyCaseEvent, initialCaseSnapshot, isCaseEventNoOp, stageOf, type WorkflowDefinition } from '@shenbao/workflows';
import { planDeadlines, planPublicityEnd, planReportPeriod, type EarlierEntry, type PublicityPeriod } from './deadline-planner';
import type { Deadline } from './deadline.types';

type CaseSnapshot = ReturnType<typeof initialCaseSnapshot>;
type MachineEvent = Parameters<typeof applyCaseEvent>[2];

/** What the tracker reads of a stored event (a `StoredEvent` of the event store fits). */
export interface TrackedEvent {
  stream: string;
  position: number;
  type: string;
  data: unknown;
  metadata: { at: string };
}

/** The few case-event payloads read here, structurally (the domain's CaseCreated / PublicityStarted fit). */
interface CaseCreatedData {
  caseId: string;
  workflow: { key: string; version: number };
}
interface PublicityStartedData {
  batchId: string;
  endsAt: string;
}
interface ObjectionResolvedData {
  upheld: boolean;
}

export interface WorkflowRef {
  key: string;
  version: number;
}

export interface TrackedCase {
  caseId: string;
  workflow: WorkflowRef;
  snapshot: CaseSnapshot;
  /** Global position of the last event applied (a redelivered event at or before it is skipped). */
  position: number;
  stage: string;
  entry: number;
  enteredAt: string;
  /** Earlier stays per stage, for limits that do not reset on return. */
  earlier: Record<string, EarlierEntry[]>;
  /** The running publicity period of this entry; `retries` counts `end-<n>` deadlines planned after objections. */
  publicity?: { batchId: string; endsAt: string; retries: number; retryAt?: string };
  /** A StageOverdueMarked for this entry is in the log (its `due` has been handled). */
  overdueMarked: boolean;
  /**
   * progressEvaluation's report cadence: `next` is the period whose due is planned ahead; `open` a period that fell
   * due and is neither missed nor filed yet (its `report-missed` is still wanted).
   */
  reports?: { next: number; open?: number };
}

export interface TrackStep {
  track: TrackedCase;
  /** The stage entry the case just left: its pending deadlines go. */
  cancel?: { caseId: string; stage: string; entry: number };
  schedule: Deadline[];
}

export function readWorkflowRef(event: TrackedEvent): WorkflowRef | undefined {
  if (event.type !== 'CaseCreated') return undefined;
  return (event.data as CaseCreatedData).workflow;
}

function machineEvent(event: TrackedEvent): MachineEvent {
  // The log is the machine's input: its types and payloads are the case events the machine is built on.
  return { type: event.type, data: event.data } as MachineEvent;
}

const REPORTING_STAGE = 'progressEvaluation';
/** Period number of a `P<n>` report label (the domain's scheme, case.decide.reports.ts); other labels have none. */
const periodNumber = (period: unknown): number | undefined => {
  const m = typeof period === 'string' ? /^P([1-9]\d*)$/.exec(period) : null;
  return m ? Number(m[1]) : undefined;
};

function planEntry(def: WorkflowDefinition, track: TrackedCase): Deadline[] {
  const out = planDeadlines(def, track.caseId, track.stage, track.entry, new Date(track.enteredAt), {
    earlierEntries: track.earlier[track.stage] ?? [],
  });
  if (track.stage === REPORTING_STAGE) out.push(...planReportPeriod(def, track.caseId, track.entry, new Date(track.enteredAt), 1));
  return out;
}

/** A report period fell due, was missed or was filed: keep `open` right and plan the period after it. */
function trackReport(def: WorkflowDefinition, track: TrackedCase, type: string, n: number): TrackStep {
  const r = track.reports ?? { next: 1 };
  const open = type === 'ProgressReportDue' ? Math.max(n, r.open ?? 0) : r.open === n ? undefined : r.open;
  const next = Math.max(r.next, n + 1);
  const reports = { next, ...(open !== undefined ? { open } : {}) };
  return { track: { ...track, reports }, schedule: planReportPeriod(def, track.caseId, track.entry, new Date(track.enteredAt), n + 1) };
}

const REPORT_EVENTS: ReadonlySet<string> = new Set(['ProgressReportDue', 'ProgressReportMissed', 'ProgressReportFiled']);

/** Starts following a case at its CaseCreated event. */
export function startTracking(def: WorkflowDefinition, event: TrackedEvent): TrackStep {
  const data = event.data as CaseCreatedData;
  const snapshot = applyCaseEvent(def, initialCaseSnapshot(def), machineEvent(event));
  const track: TrackedCase = {
    caseId: data.caseId,
    workflow: { key: data.workflow.key, version: data.workflow.version },
    snapshot,
    position: event.position,
    stage: stageOf(snapshot),
    entry: snapshot.context.entry,
    enteredAt: event.metadata.at,
    earlier: {},
    overdueMarked: false,
  };
  return { track, schedule: planEntry(def, track) };
}

/**
 * The machine's next snapshot. Events the current state takes without any change (draft saves, progress reports —
 * most of the log) come back as the same snapshot from the cached no-op check, without running xstate; every other
 * event goes through `applyCaseEvent`, which still refuses one the machine does not accept.
 */
function advance(def: WorkflowDefinition, snapshot: CaseSnapshot, event: MachineEvent): CaseSnapshot {
  return isCaseEventNoOp(def, snapshot, event.type) ? snapshot : applyCaseEvent(def, snapshot, event);
}

/** Applies one later event of the case. Throws the machine's CaseEventRejectedError for an event it refuses. */
export function trackEvent(def: WorkflowDefinition, track: TrackedCase, event: TrackedEvent): TrackStep {
  const snapshot = advance(def, track.snapshot, machineEvent(event));
  const stage = stageOf(snapshot);
  const entry = snapshot.context.entry;
  const at = event.metadata.at;
  const base = { ...track, snapshot, position: event.position };

  if (entry !== track.entry || stage !== track.stage) {
    const earlier = { ...track.earlier, [track.stage]: [...(track.earlier[track.stage] ?? []), { enteredAt: new Date(track.enteredAt), leftAt: new Date(at) }] };
    const next: TrackedCase = {
      ...base,
      stage,
      entry,
      enteredAt: at,
      earlier,
      publicity: undefined,
      overdueMarked: false,
      reports: stage === REPORTING_STAGE ? { next: 1 } : undefined,
    };
    return {
      track: next,
      cancel: { caseId: track.caseId, stage: track.stage, entry: track.entry },
      schedule: planEntry(def, next),
    };
  }

  if (event.type === 'PublicityStarted') {
    const { batchId, endsAt } = event.data as PublicityStartedData;
    const next: TrackedCase = { ...base, publicity: { batchId, endsAt, retries: 0 } };
    return { track: next, schedule: [planPublicityEnd(track.caseId, stage, entry, { batchId, endsAt })] };
  }

  if (event.type === 'ObjectionResolved' && !(event.data as ObjectionResolvedData).upheld) {
    const p = track.publicity;
    // The `end` timer fired while the objection was open and was refused; with none open any more and the period
    // over, try again now. Before the end, the original `end` still lies ahead and is enough.
    if (p && snapshot.context.openObjections.length === 0 && Date.parse(at) > Date.parse(p.endsAt)) {
      const retries = p.retries + 1;
      const next: TrackedCase = { ...base, publicity: { ...p, retries, retryAt: at } };
      const retry: PublicityPeriod = { batchId: p.batchId, endsAt: at };
      return { track: next, schedule: [planPublicityEnd(track.caseId, stage, entry, retry, `end-${retries}`)] };
    }
  }

  if (stage === REPORTING_STAGE && REPORT_EVENTS.has(event.type)) {
    const n = periodNumber((event.data as { period?: unknown }).period);
    if (n !== undefined) return trackReport(def, base, event.type, n);
  }

  if (event.type === 'StageOverdueMarked') return { track: { ...base, overdueMarked: true }, schedule: [] };
  return { track: base, schedule: [] };
}

/**
 * The deadlines the case's current entry still needs (for a rebuild): its limit and reminders, its publicity end,
 * minus what an overdue mark shows handled (the `due` and, pointless after it, the reminders) and reminders whose
 * time has passed (whether they went out cannot be read from the log; a late one per case on each rebuild is noise).
 */
export function currentDeadlines(def: WorkflowDefinition, track: TrackedCase, now: Date): Deadline[] {
  const p = track.publicity;
  const out = planDeadlines(def, track.caseId, track.stage, track.entry, new Date(track.enteredAt), {
    earlierEntries: track.earlier[track.stage] ?? [],
    publicity: p && { batchId: p.batchId, endsAt: p.endsAt },
  });
  if (track.stage === REPORTING_STAGE) {
    const r = track.reports ?? { next: 1 };
    out.push(...planReportPeriod(def, track.caseId, track.entry, new Date(track.enteredAt), r.next));
    if (r.open !== undefined) {
      out.push(...planReportPeriod(def, track.caseId, track.entry, new Date(track.enteredAt), r.open).filter((d) => d.kind.startsWith('report-missed-')));
    }
  }
  if (p?.retryAt) {
    out.push(planPublicityEnd(track.caseId, track.stage, track.entry, { batchId: p.batchId, endsAt: p.retryAt }, `end-${p.retries}`));
  }
  return out.filter((d) => {
    if (d.kind === 'due') return !track.overdueMarked;
    if (d.kind.startsWith('reminder-')) return !track.overdueMarked && Date.parse(d.dueAt) > now.getTime();
    return true;
  });
}
