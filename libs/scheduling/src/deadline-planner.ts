/**
 * Pure: which deadlines a stage entry carries, from the case's workflow definition (time limit, reminders) and,
 * for publicity, the batch's end. No clock, no I/O: the same entry always plans the same deadlines, which is what
 * lets the schedule be rebuilt from the log.
 */
import { TIMED_STAGES, type StageConfig, type TimedStage, type WorkflowDefinition } from '@shenbao/workflows';
import {
  deadlineId,
  PROGRAM_WINDOW_STAGE,
  programDeadlineId,
  programDeadlineOwner,
  type Deadline,
  type DeadlineKind,
} from './deadline.types';
import { addDuration, provisionalYearsBetween, subtractDuration, workingDays, workingDaysBetween } from './working-days';

/** An earlier stay in the same stage (a case returned and came back), for limits with `resetOnReturn: false`. */
export interface EarlierEntry {
  enteredAt: Date;
  leftAt: Date;
}

export interface PublicityPeriod {
  batchId: string;
  endsAt: Date | string;
}

export interface PlanExtras {
  /** Earlier entries into this stage; charged against the limit only when the stage's `resetOnReturn` is false. */
  earlierEntries?: EarlierEntry[];
  /** The running publicity period of this entry: plans its `end` deadline. */
  publicity?: PublicityPeriod;
}

function isTimedStage(stage: string): stage is TimedStage {
  return (TIMED_STAGES as readonly string[]).includes(stage);
}

function stageConfig(def: WorkflowDefinition, stage: string): StageConfig | undefined {
  return isTimedStage(stage) ? def.stages[stage] : undefined;
}

/** The entry's due time, charging earlier entries when the limit does not reset on return. */
function dueTime(def: WorkflowDefinition, cfg: StageConfig, enteredAt: Date, earlier: EarlierEntry[]): Date {
  const limit = cfg.timeLimit!;
  const charge = cfg.resetOnReturn === false ? earlier : [];
  if (limit.unit === 'calendar') {
    const used = charge.reduce((ms, e) => ms + Math.max(0, e.leftAt.getTime() - e.enteredAt.getTime()), 0);
    return new Date(addDuration(enteredAt, limit, def.timeZone).getTime() - used);
  }
  const used = charge.reduce((days, e) => days + workingDaysBetween(e.enteredAt, e.leftAt, def.timeZone), 0);
  if (used === 0) return addDuration(enteredAt, limit, def.timeZone);
  const left = workingDays(limit.duration) - used;
  // Already spent: overdue from the moment it came back.
  return left < 0 ? enteredAt : addDuration(enteredAt, { duration: `P${left}D`, unit: 'working' }, def.timeZone);
}

/** `{provisional: true}` when a working-day limit was counted over a provisional year (earlier stays included). */
function provisionalFlag(def: WorkflowDefinition, cfg: StageConfig, enteredAt: Date, earlier: EarlierEntry[], due: Date): { provisional?: true } {
  if (cfg.timeLimit!.unit !== 'working') return {};
  const charged = cfg.resetOnReturn === false ? earlier.map((e) => e.enteredAt.getTime()) : [];
  const from = new Date(Math.min(enteredAt.getTime(), ...charged));
  return provisionalYearsBetween(from, due, def.timeZone).length > 0 ? { provisional: true } : {};
}

function kindFor(index: number): DeadlineKind {
  return `reminder-${index}`;
}

/** The stage limit's `due` and `reminder-<n>` deadlines (none for a stage without a limit). */
function planLimit(def: WorkflowDefinition, caseId: string, stage: string, entry: number, enteredAt: Date, extras: PlanExtras): Deadline[] {
  const cfg = stageConfig(def, stage);
  if (!cfg?.timeLimit || cfg.enabled === false) return [];
  const earlier = extras.earlierEntries ?? [];
  const due = dueTime(def, cfg, enteredAt, earlier);
  const dueAt = due.toISOString();
  const flag = provisionalFlag(def, cfg, enteredAt, earlier, due);
  const out: Deadline[] = [
    {
      id: deadlineId(caseId, stage, entry, 'due'),
      caseId,
      stage,
      entry,
      kind: 'due',
      dueAt,
      action: { type: 'MarkOverdue', data: { stage, entry, dueAt } },
      ...flag,
    },
  ];
  (cfg.reminders ?? []).forEach((offset, i) => {
    const at = subtractDuration(due, { duration: offset, unit: cfg.timeLimit!.unit }, def.timeZone);
    // A reminder that would fall at or before the entry itself reminds no one of anything.
    if (at.getTime() <= enteredAt.getTime()) return;
    const kind = kindFor(i);
    out.push({
      id: deadlineId(caseId, stage, entry, kind),
      caseId,
      stage,
      entry,
      kind,
      dueAt: at.toISOString(),
      action: { type: 'SendReminder', data: { stage, entry, dueAt, offset } },
      ...flag,
    });
  });
  return out;
}

/** The deadline that ends a publicity period (`end`, or `end-<n>` for a retry after an objection). */
export function planPublicityEnd(
  caseId: string,
  stage: string,
  entry: number,
  period: PublicityPeriod,
  kind: DeadlineKind = 'end',
): Deadline {
  return {
    id: deadlineId(caseId, stage, entry, kind),
    caseId,
    stage,
    entry,
    kind,
    dueAt: new Date(period.endsAt).toISOString(),
    action: { type: 'EndPublicity', data: { batchId: period.batchId, entry } },
  };
}

/** Every deadline of one stage entry, earliest first. */
export function planDeadlines(
  def: WorkflowDefinition,
  caseId: string,
  stage: string,
  entry: number,
  enteredAt: Date,
  extras: PlanExtras = {},
): Deadline[] {
  const out = planLimit(def, caseId, stage, entry, enteredAt, extras);
  if (extras.publicity) out.push(planPublicityEnd(caseId, stage, entry, extras.publicity));
  return out.sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
}

/** `duration` × n (each component multiplied), so period n is counted from the entry, not chained from period n−1. */
export function scaleDuration(duration: string, n: number): string {
  const m = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) throw new RangeError(`not a whole-number ISO 8601 duration: ${duration}`);
  const part = (i: number, unit: string): string => (m[i] === undefined ? '' : `${Number(m[i]) * n}${unit}`);
  const time = part(5, 'H') + part(6, 'M') + part(7, 'S');
  return `P${part(1, 'Y')}${part(2, 'M')}${part(3, 'W')}${part(4, 'D')}${time ? `T${time}` : ''}`;
}

/**
 * Report period `n` (1-based, label `P<n>`) of a progressEvaluation entry: `report-due-<n>` at enteredAt +
 * n × reportEvery, `report-missed-<n>` after the definition's grace (at the due time when there is none). Only the
 * next period is ever planned (the tracker plans n + 1 when period n falls due, is missed or is filed), so the
 * schedule stays bounded however long a pilot runs.
 */
export function planReportPeriod(def: WorkflowDefinition, caseId: string, entry: number, enteredAt: Date, n: number): Deadline[] {
  const stage = 'progressEvaluation';
  const period = `P${n}`;
  const due = addDuration(enteredAt, { duration: scaleDuration(def.monitoring.reportEvery, n), unit: 'calendar' }, def.timeZone);
  const grace = def.monitoring.reportGrace;
  const missed = grace ? addDuration(due, { duration: grace, unit: 'calendar' }, def.timeZone) : due;
  const dueAt = due.toISOString();
  const kinds = [`report-due-${n}`, `report-missed-${n}`] as const;
  return [
    { id: deadlineId(caseId, stage, entry, kinds[0]), caseId, stage, entry, kind: kinds[0], dueAt, action: { type: 'MarkReportDue', data: { period, entry, dueAt } } },
    {
      id: deadlineId(caseId, stage, entry, kinds[1]),
      caseId,
      stage,
      entry,
      kind: kinds[1],
      dueAt: missed.toISOString(),
      action: { type: 'MarkReportMissed', data: { period, entry, dueAt } },
    },
  ];
}

/** 00:00 of a `YYYY-MM-DD` date `days` later (negative: earlier) in Asia/Shanghai (UTC+8 all year, no DST). */
function shanghaiMidnight(date: string, days: number): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days) - 8 * 3600 * 1000);
}

/**
 * A program's window deadlines: `window-closing` at 00:00 of closesOn − `reminderDays` and `window-closed` at the end
 * of closesOn (00:00 of the next day), Asia/Shanghai. `createdAt`: a program created after its window was over
 * (a past round entered for the record) gets neither — there is nothing to remind of, and nothing closes.
 */
export function planProgramWindow(programId: string, closesOn: string, reminderDays: number, createdAt?: Date): Deadline[] {
  const caseId = programDeadlineOwner(programId);
  const plan = (kind: 'window-closing' | 'window-closed', at: Date): Deadline => ({
    id: programDeadlineId(programId, kind),
    caseId,
    stage: PROGRAM_WINDOW_STAGE,
    entry: 0,
    kind,
    dueAt: at.toISOString(),
    action: { type: kind === 'window-closing' ? 'RemindWindowClosing' : 'CloseProgramWindow', data: { programId, closesOn } },
  });
  const closed = shanghaiMidnight(closesOn, 1);
  if (createdAt && createdAt.getTime() >= closed.getTime()) return [];
  return [plan('window-closing', shanghaiMidnight(closesOn, -reminderDays)), plan('window-closed', closed)];
}
