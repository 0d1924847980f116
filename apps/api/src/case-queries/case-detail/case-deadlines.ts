/**
 * The deadlines of a case's current stage entry, as the scheduler plans them (libs/scheduling): the stage's time
 * limit, in publicity the end of the period (and any retry after an objection), and in progressEvaluation the report
 * cadence — the next period's `report-due-<n>` and `report-missed-<n>`, and the miss of a period that fell due and
 * is still open — so that every due date the inbox tells of is on the case too. The entry time is the `metadata.at`
 * of the event that entered the stage, so the same events always give the same due times. Reminders are notices, not
 * deadlines, and are left out.
 */
import { planDeadlines, planPublicityEnd, planReportPeriod, startTracking, trackEvent } from '@shenbao/scheduling';
import type { Deadline } from '@shenbao/scheduling';
import type { StoredEvent } from '@shenbao/event-store';
import type { WorkflowDefinition } from '@shenbao/workflows';

export interface DeadlineView {
  kind: string;
  dueAt: string;
  stage: string;
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
  return planned.filter((d) => !d.kind.startsWith('reminder-')).map((d) => ({ kind: d.kind, dueAt: d.dueAt, stage: d.stage }));
}
