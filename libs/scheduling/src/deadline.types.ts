/**
 * The deadline port: what a scheduler adapter (local SQLite timers now, BullMQ later) offers the rest of Shenbao.
 * A deadline belongs to one stage entry of one case; its id is deterministic, so scheduling twice keeps one and a
 * rebuilt schedule names the same timers. Firing is at least once: the handler sends a command that the decider
 * ignores when the stage entry it names is gone, so a late or repeated firing is harmless.
 */

/**
 * `due`: the stage's time limit; `reminder-<n>`: the n-th reminder offset of the stage (0-based, definition order);
 * `end`: the publicity period's end; `end-<n>`: another try at ending it after the n-th objection was resolved
 * past the original end (the first try was refused while the objection was open).
 */
export type DeadlineKind =
  | 'due'
  | `reminder-${number}`
  | 'end'
  | `end-${number}`
  // Report cadence of progressEvaluation: period n falls due, and is missed after the grace.
  | `report-due-${number}`
  | `report-missed-${number}`
  // A program's application window (not a case's): the reminder before the last day, and the close after it.
  | 'window-closing'
  | 'window-closed';

export interface MarkOverdueAction {
  type: 'MarkOverdue';
  data: { stage: string; entry: number; dueAt: string };
}

export interface SendReminderAction {
  type: 'SendReminder';
  /** `offset`: the ISO duration before the due time this reminder stands for. */
  data: { stage: string; entry: number; dueAt: string; offset: string };
}

export interface EndPublicityAction {
  type: 'EndPublicity';
  data: { batchId: string; entry: number };
}

/** `period`: the report period label (`P<n>`). */
export interface MarkReportDueAction {
  type: 'MarkReportDue';
  data: { period: string; entry: number; dueAt: string };
}

export interface MarkReportMissedAction {
  type: 'MarkReportMissed';
  data: { period: string; entry: number; dueAt: string };
}

/** Program deadlines: sent to the program stream, not a case's. */
export interface RemindWindowClosingAction {
  type: 'RemindWindowClosing';
  data: { programId: string; closesOn: string };
}

export interface CloseProgramWindowAction {
  type: 'CloseProgramWindow';
  data: { programId: string; closesOn: string };
}

export type DeadlineAction =
  | MarkOverdueAction
  | SendReminderAction
  | EndPublicityAction
  | MarkReportDueAction
  | MarkReportMissedAction
  | RemindWindowClosingAction
  | CloseProgramWindowAction;
export type DeadlineActionType = DeadlineAction['type'];

export interface Deadline {
  /**
   * `dl-<caseId>-<stage>-<entry>-<kind>`: no `:` (BullMQ refuses it in job ids). A program deadline is
   * `dl-program-<programId>-<kind>`, with `caseId` = `program-<programId>` (its stream), stage `window`, entry 0.
   */
  id: string;
  caseId: string;
  stage: string;
  entry: number;
  kind: DeadlineKind;
  /** ISO 8601 instant (UTC) the deadline falls due. */
  dueAt: string;
  action: DeadlineAction;
  /**
   * Counted in working days over a year whose official arrangement is not published yet (statutory holidays only):
   * the due time moves when it is (the consumer re-plans it on CalendarPublished).
   */
  provisional?: true;
}

export function deadlineId(caseId: string, stage: string, entry: number, kind: DeadlineKind): string {
  if (caseId.includes(':')) throw new RangeError(`a case id in a deadline id may not contain ':' (${caseId})`);
  return `dl-${caseId}-${stage}-${entry}-${kind}`;
}

/** The owner, stage and entry a program's window deadlines are filed under (cancelEntry and the stores key on them). */
export const PROGRAM_WINDOW_STAGE = 'window';
export const programDeadlineOwner = (programId: string): string => `program-${programId}`;

export function programDeadlineId(programId: string, kind: 'window-closing' | 'window-closed'): string {
  if (programId.includes(':')) throw new RangeError(`a program id in a deadline id may not contain ':' (${programId})`);
  return `dl-program-${programId}-${kind}`;
}

export interface DeadlineScheduler {
  /** Schedules each deadline once: an id already known (pending, done or failed) is left as it is. */
  schedule(deadlines: Deadline[]): Promise<void>;
  /** Drops the pending deadlines of one stage entry (fired ones stay as history). */
  cancelEntry(caseId: string, stage: string, entry: number): Promise<void>;
  /** Deadlines not yet fired, earliest first. */
  pending(): Promise<Deadline[]>;
  /** How many deadlines not yet fired were counted over a provisional year, and the latest of their due times. */
  provisionalPending(): Promise<{ count: number; lastDueAt?: string }>;
}

/** Acts on a fired deadline (sends the command). Resolving marks it done; rejecting retries it later. */
export type DeadlineHandler = (deadline: Deadline) => Promise<void>;

/** The deadline consumer's checkpoint name (a row of timers.sqlite, or `<prefix>:checkpoint:<name>` in Redis). */
export const CONSUMER_CHECKPOINT = 'deadline-consumer';
/** Where the fingerprint of the working calendar the schedule was planned with is kept (same stores). */
export const CALENDAR_MARK = 'deadline-calendar';

/** Where a checkpointed consumer keeps the global position it has processed up to (inclusive). */
export interface CheckpointStore {
  load(): Promise<number>;
  save(position: number): Promise<void>;
}
