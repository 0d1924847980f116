/**
 * The case list's `StageDue` (libs/projections cannot import the scheduler): the `due` deadline the scheduler plans
 * for a stage entry — its time limit in calendar or official working days, earlier stays charged when the stage's
 * limit does not reset on return — so `GET /cases?sort=dueAt` orders on the very time the case is marked overdue.
 */
import { planDeadlines } from '@shenbao/scheduling';
import type { StageDue } from '@shenbao/projections';

export const scheduledStageDue: StageDue = (definition, e) => {
  const earlierEntries = e.earlier.map((s) => ({ enteredAt: new Date(s.enteredAt), leftAt: new Date(s.leftAt) }));
  const due = planDeadlines(definition, e.caseId, e.stage, e.entry, new Date(e.enteredAt), { earlierEntries }).find((d) => d.kind === 'due');
  return due?.dueAt ?? null;
};
