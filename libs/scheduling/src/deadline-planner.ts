/**
 * Pure: which deadlines a stage entry carries, from the case's workflow definition (time limit, reminders) and,
 * for publicity, the batch's end. No clock, no I/O: the same entry always plans the same deadlines, which is what
 * lets the schedule be rebuilt from the log.
 */
import { TIMED_STAGES, type StageConfig, type TimedStage, type WorkflowDefinition } from '@shenbao/workflows';
import { deadlineId, type Deadline, type DeadlineKind } from './deadline.types';
import { addDuration, subtractDuration, workingDays, workingDaysBetween } from './working-days';

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

function kindFor(index: number): DeadlineKind {
  return `reminder-${index}`;
}

/** The stage limit's `due` and `reminder-<n>` deadlines (none for a stage without a limit). */
function planLimit(def: WorkflowDefinition, caseId: string, stage: string, entry: number, enteredAt: Date, extras: PlanExtras): Deadline[] {
  const cfg = stageConfig(def, stage);
  if (!cfg?.timeLimit || cfg.enabled === false) return [];
  const due = dueTime(def, cfg, enteredAt, extras.earlierEntries ?? []);
  const dueAt = due.toISOString();
  const out: Deadline[] = [
    {
      id: deadlineId(caseId, stage, entry, 'due'),
      caseId,
      stage,
      entry,
      kind: 'due',
      dueAt,
      action: { type: 'MarkOverdue', data: { stage, entry, dueAt } },
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
