/**
 * Re-planning after the working-day calendar changed (a year's official arrangement published): the deadlines each
 * open stage entry wants now, against what the scheduler holds. An entry with a pending deadline whose due time or
 * provisional flag differs is replaced as a whole (cancel its pending timers, schedule what it wants: ids are
 * deterministic, so a BullMQ job or a local timer is replaced in place, and fired ones stay fired). Returns the
 * stage due times that moved, for the notices and the log.
 */
import { currentDeadlines, type TrackedCase } from './case-deadline.tracker';
import type { Deadline, DeadlineScheduler } from './deadline.types';
import type { WorkflowDefinition } from '@shenbao/workflows';

export interface DueMove {
  caseId: string;
  stage: string;
  entry: number;
  from: string;
  to: string;
  /** Still counted over a provisional year after the change. */
  provisional: boolean;
}

const entryKey = (d: { caseId: string; stage: string; entry: number }): string => `${d.caseId}\u0000${d.stage}\u0000${d.entry}`;

const differs = (held: Deadline, wanted: Deadline): boolean => held.dueAt !== wanted.dueAt || (held.provisional ?? false) !== (wanted.provisional ?? false);

export async function replanDeadlines(
  tracks: Iterable<TrackedCase>,
  definition: (track: TrackedCase) => Promise<WorkflowDefinition>,
  scheduler: DeadlineScheduler,
  now: Date,
): Promise<DueMove[]> {
  const held = new Map<string, Map<string, Deadline>>();
  for (const d of await scheduler.pending()) {
    const key = entryKey(d);
    held.set(key, (held.get(key) ?? new Map()).set(d.id, d));
  }
  const moves: DueMove[] = [];
  for (const track of tracks) {
    const pending = held.get(entryKey({ caseId: track.caseId, stage: track.stage, entry: track.entry }));
    if (!pending) continue;
    const wanted = currentDeadlines(await definition(track), track, now);
    if (!wanted.some((w) => pending.has(w.id) && differs(pending.get(w.id)!, w))) continue;
    await scheduler.cancelEntry(track.caseId, track.stage, track.entry);
    await scheduler.schedule(wanted);
    const due = wanted.find((w) => w.kind === 'due');
    const before = due && pending.get(due.id);
    if (due && before && before.dueAt !== due.dueAt) {
      moves.push({ caseId: track.caseId, stage: track.stage, entry: track.entry, from: before.dueAt, to: due.dueAt, provisional: due.provisional === true });
    }
  }
  return moves;
}
