/**
 * The body of `GET /cases/:id` (API.md): the folded case as the caller may see it (already passed through the
 * domain's `caseViewFor`), plus deadlines, allowed actions and timestamps. Absent parts are `null`, so every named
 * field is always there. The machine's internals are not exposed; `overdue` and `substate` say what they mean.
 */
import type { CaseAction, CaseState } from '@shenbao/domain';
import { lifecycleOf, type WorkflowDefinition } from '@shenbao/workflows';
import type { StoredEvent } from '@shenbao/event-store';
import type { DeadlineView } from './case-deadlines';

export interface CaseDetailInput {
  /** The case as this caller may see it. */
  view: CaseState;
  /** The events folded into it (the whole stream, or its prefix for `asOf`). */
  events: StoredEvent[];
  deadlines: DeadlineView[];
  allowedActions: CaseAction[];
  definition: WorkflowDefinition;
  asOf?: string;
}

export function toCaseDetail({ view: s, events, deadlines, allowedActions, definition, asOf }: CaseDetailInput) {
  const first = events[0]!;
  const last = events[events.length - 1]!;
  return {
    id: s.caseId,
    programId: s.programId,
    workflow: s.workflow,
    stage: s.stage,
    substate: s.substate ?? null,
    /** The main-line stages this case's workflow runs, in order (the lifecycle drawn on the case page). */
    lifecycle: lifecycleOf(definition),
    revision: last.revision,
    position: last.position,
    applicant: s.applicant,
    partners: s.partners,
    cities: s.cities,
    createdBy: s.createdBy,
    application: s.application ?? null,
    submissions: s.submissions,
    audits: s.audits,
    recommendations: s.recommendations,
    review: {
      panel: s.review.panel ?? null,
      recusals: s.review.recusals,
      replacements: s.review.replacements,
      scores: s.review.scores,
      conclusion: s.review.conclusion ?? null,
      ...(s.review.comments !== undefined ? { comments: s.review.comments } : {}),
    },
    defense: { schedule: s.defense.schedule ?? null, result: s.defense.result ?? null },
    siteVisit: { schedule: s.siteVisit.schedule ?? null, result: s.siteVisit.result ?? null },
    publicity: s.publicity,
    approval: s.approval ?? null,
    monitoring: s.monitoring,
    deferrals: s.deferrals,
    resumptions: s.resumptions,
    withdrawal: s.withdrawal ?? null,
    rejection: s.rejection ?? null,
    revocation: s.revocation ?? null,
    completion: s.completion ?? null,
    /** The current stage entry was marked overdue. */
    overdue: s.machine.context.overdueEntry === s.machine.context.entry,
    overdueMarks: s.overdue,
    /** Paper copies of the sealed application received (一式五份). */
    paperCopies: s.paperCopies,
    deadlines,
    allowedActions,
    createdAt: first.metadata.at,
    updatedAt: last.metadata.at,
    ...(asOf !== undefined ? { asOf } : {}),
  };
}

export type CaseDetail = ReturnType<typeof toCaseDetail>;
