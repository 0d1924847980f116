/**
 * The deadlines of a case's current stage entry, as the scheduler plans them (libs/scheduling): the stage's time
 * limit, in publicity the end of the period (and any retry after an objection), and in progressEvaluation the report
 * cadence — the next period's `report-due-<n>` and `report-missed-<n>`, and the miss of a period that fell due and
 * is still open — and an open rectification's due day (`rectificationDeadline`), so that every due date the inbox
 * tells of is on the case too. The entry time is the `metadata.at`
 * of the event that entered the stage, so the same events always give the same due times. Reminders are notices, not
 * deadlines, and are left out.
 */
import { addDuration, planDeadlines, planPublicityEnd, planReportPeriod, startTracking, trackEvent } from '@shenbao/scheduling';
import type { Deadline } from '@shenbao/scheduling';
import type { CaseState } from '@shenbao/domain';
import { startOfDay } from '../../programs/open-publicity-batch/publicity-period';
import type { StoredEvent } from '@shenbao/event-store';
import type { WorkflowDefinition } from '@shenbao/workflows';

export interface DeadlineView {
  kind: string;
  dueAt: string;
  stage: string;
  /** Counted in working days over a year with no official arrangement yet: it moves when one is published. */
  provisional?: true;
}

export function caseDeadlines(definition: WorkflowDefinition, events: StoredEvent[]): DeadlineView[] {
  const [created, ...rest] = events;
  if (!created || created.type !== 'CaseCreated') return [];
  let track = startTracking(definition, created).track;
  for (const event of rest) track = trackEvent(definition, track, event).track;

  const p = track.publicity;
  const planned: Deadline[] = planDeadlines(definition, track.caseId, track.stage, track.entry, new Date(track.enteredAt), {
    earlierEntries: track.earlier[track.stage] ?? [],
    ...(p ? { publicity: { batchId: p.batchId, endsAt: p.endsAt } } : {}),
  });
  const r = track.stage === 'progressEvaluation' ? track.reports ?? { next: 1 } : undefined;
  if (r) {
    const enteredAt = new Date(track.enteredAt);
    if (r.open !== undefined) planned.push(...planReportPeriod(definition, track.caseId, track.entry, enteredAt, r.open).filter((d) => d.kind.startsWith('report-missed-')));
    planned.push(...planReportPeriod(definition, track.caseId, track.entry, enteredAt, r.next));
  }
  if (p?.retryAt) {
    planned.push(planPublicityEnd(track.caseId, track.stage, track.entry, { batchId: p.batchId, endsAt: p.retryAt }, `end-${p.retries}`));
  }
  return planned.filter((d) => !d.kind.startsWith('reminder-')).map((d) => ({ kind: d.kind, dueAt: d.dueAt, stage: d.stage, ...(d.provisional ? { provisional: true as const } : {}) }));
}

/**
 * The rectification (整改) the province ordered and that is still open: due by the end of its `dueOn` day in the
 * workflow's zone (00:00 of the next day). No timer watches it — the next evaluation decides — but the applicant is
 * told to rectify by that day, so the case shows it.
 */
export function rectificationDeadline(definition: WorkflowDefinition, s: CaseState): DeadlineView[] {
  const open = s.monitoring.rectificationOpen ? s.monitoring.rectifications.at(-1) : undefined;
  if (!open) return [];
  const dayEnd = addDuration(startOfDay(open.dueOn, definition.timeZone), { duration: 'P1D', unit: 'calendar' }, definition.timeZone);
  return [{ kind: 'rectification', dueAt: dayEnd.toISOString(), stage: 'progressEvaluation' }];
}
