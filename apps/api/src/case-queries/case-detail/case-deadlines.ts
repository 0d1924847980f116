/**
 * The deadlines of a case's current stage entry, as the scheduler plans them (libs/scheduling): the stage's time
 * limit and, in publicity, the end of the period (and any retry after an objection). The entry time is the
 * `metadata.at` of the event that entered the stage, so the same events always give the same due times. Reminders
 * are notices, not deadlines, and are left out.
 */
import { planDeadlines, planPublicityEnd, startTracking, trackEvent } from '@shenbao/scheduling';
import type { Deadline } from '@shenbao/scheduling';
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
  if (p?.retryAt) {
    planned.push(planPublicityEnd(track.caseId, track.stage, track.entry, { batchId: p.batchId, endsAt: p.retryAt }, `end-${p.retries}`));
  }
  return planned.filter((d) => !d.kind.startsWith('reminder-')).map((d) => ({ kind: d.kind, dueAt: d.dueAt, stage: d.stage, ...(d.provisional ? { provisional: true as const } : {}) }));
}
