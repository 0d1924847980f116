/**
 * Event builders and paths for the case machine specs. Not exported from the package: the domain has its own,
 * fully-typed events; these carry only what the machine reads.
 */
import { applyCaseEvent, foldCaseEvents, stageOf, substateOf, type CaseSnapshot } from '../case-machine.runtime';
import type { CaseMachineEvent } from '../case-machine.types';
import type { DeferrableStage, Rating, ReturnableStage, Stage, WorkflowDefinition } from '../definition.types';
import { GD_BDPZ_2019 } from '../definitions/gd-bdpz-2019';

type Outcome = 'pass' | 'fail' | 'defer';

export const GZ = '440100';
export const SZ = '440300';
export const PANEL = ['e1', 'e2', 'e3', 'e4', 'e5'];

export const ev = {
  created: (cities: string[] = [GZ]): CaseMachineEvent => ({ type: 'CaseCreated', data: { cities } }),
  saved: (): CaseMachineEvent => ({ type: 'ApplicationSaved', data: {} }),
  submitted: (cities?: string[]): CaseMachineEvent => ({ type: 'CaseSubmitted', data: cities ? { cities } : {} }),
  withdrawn: (): CaseMachineEvent => ({ type: 'CaseWithdrawn', data: { reason: 'changed plans' } }),
  auditPassed: (cityCode = GZ): CaseMachineEvent => ({ type: 'CityAuditPassed', data: { cityCode } }),
  returned: (cityCode = GZ): CaseMachineEvent => ({ type: 'CaseReturnedForRevision', data: { cityCode } }),
  rejected: (): CaseMachineEvent => ({ type: 'CaseRejected', data: { by: 'cityAudit', reason: 'weak' } }),
  recommended: (cityCode = GZ): CaseMachineEvent => ({ type: 'RecommendationIssued', data: { cityCode } }),
  panelFormed: (expertIds: string[] = PANEL): CaseMachineEvent => ({ type: 'ExpertPanelFormed', data: { expertIds } }),
  recused: (expertId: string): CaseMachineEvent => ({ type: 'ExpertRecused', data: { expertId } }),
  replaced: (recusedExpertId: string, expertId: string): CaseMachineEvent => ({
    type: 'ExpertReplaced',
    data: { recusedExpertId, expertId },
  }),
  scored: (expertId: string): CaseMachineEvent => ({ type: 'ScoresSubmitted', data: { expertId } }),
  concluded: (outcome: Outcome): CaseMachineEvent => ({ type: 'ExpertReviewConcluded', data: { outcome } }),
  defenseScheduled: (): CaseMachineEvent => ({ type: 'DefenseScheduled', data: {} }),
  defenseResult: (decision: Outcome): CaseMachineEvent => ({ type: 'DefenseResultRecorded', data: { decision } }),
  siteVisitScheduled: (): CaseMachineEvent => ({ type: 'SiteVisitScheduled', data: {} }),
  siteVisitResult: (decision: Outcome): CaseMachineEvent => ({ type: 'SiteVisitResultRecorded', data: { decision } }),
  publicityStarted: (batchId = 'b1'): CaseMachineEvent => ({ type: 'PublicityStarted', data: { batchId } }),
  objectionRaised: (objectionId = 'o1'): CaseMachineEvent => ({ type: 'ObjectionRaised', data: { objectionId } }),
  objectionResolved: (
    objectionId: string,
    upheld: boolean,
    returnTo?: ReturnableStage | 'rejected',
  ): CaseMachineEvent => ({ type: 'ObjectionResolved', data: { objectionId, upheld, ...(returnTo ? { returnTo } : {}) } }),
  publicityEnded: (batchId = 'b1'): CaseMachineEvent => ({ type: 'PublicityEnded', data: { batchId } }),
  approved: (): CaseMachineEvent => ({ type: 'ApprovalGranted', data: {} }),
  reportFiled: (): CaseMachineEvent => ({ type: 'ProgressReportFiled', data: {} }),
  reportDue: (): CaseMachineEvent => ({ type: 'ProgressReportDue', data: {} }),
  reportMissed: (): CaseMachineEvent => ({ type: 'ProgressReportMissed', data: {} }),
  evaluated: (level: 'city' | 'province', rating: Rating, rectificationDueOn?: string): CaseMachineEvent => ({
    type: 'ProgressEvaluated',
    data: { level, rating, ...(rectificationDueOn ? { rectificationDueOn } : {}) },
  }),
  revoked: (): CaseMachineEvent => ({ type: 'PilotRevoked', data: {} }),
  completed: (): CaseMachineEvent => ({ type: 'PilotCompleted', data: {} }),
  resumed: (toStage: DeferrableStage): CaseMachineEvent => ({ type: 'CaseResumed', data: { toStage } }),
  overdue: (stage: Stage, entry: number): CaseMachineEvent => ({ type: 'StageOverdueMarked', data: { stage, entry } }),
  reminded: (stage: Stage, entry: number): CaseMachineEvent => ({ type: 'StageReminderSent', data: { stage, entry } }),
  dueMoved: (stage: Stage, entry: number): CaseMachineEvent => ({ type: 'StageDueMoved', data: { stage, entry } }),
  urged: (): CaseMachineEvent => ({ type: 'CaseUrged', data: {} }),
  paperCopies: (): CaseMachineEvent => ({ type: 'PaperCopiesReceived', data: {} }),
  attached: (): CaseMachineEvent => ({ type: 'AttachmentAdded', data: {} }),
};

/** One plausible event of every type (used to show that a state accepts none of them). */
export const ONE_OF_EACH: CaseMachineEvent[] = [
  ev.created(), ev.saved(), ev.submitted(), ev.withdrawn(), ev.auditPassed(), ev.returned(), ev.rejected(),
  ev.recommended(), ev.panelFormed(), ev.recused('e1'), ev.replaced('e1', 'e9'), ev.scored('e1'), ev.concluded('pass'),
  ev.concluded('defer'), ev.defenseScheduled(), ev.defenseResult('pass'), ev.siteVisitScheduled(),
  ev.siteVisitResult('pass'), ev.publicityStarted(), ev.objectionRaised(), ev.objectionResolved('o1', false),
  ev.publicityEnded(), ev.approved(), ev.reportFiled(), ev.evaluated('province', 'good'), ev.revoked(), ev.completed(),
  ev.resumed('expertReview'), ev.overdue('draft', 1), ev.reminded('draft', 1), ev.dueMoved('draft', 1), ev.urged(), ev.reportDue(), ev.reportMissed(),
  ev.paperCopies(), ev.attached(),
];

/** Events that take a case of the given definition from nothing to `stage` on the main line (first substate). */
export function pathTo(stage: Stage, definition: WorkflowDefinition = GD_BDPZ_2019): CaseMachineEvent[] {
  // For each main-line stage, the events that carry a case through it to the next enabled stage.
  const through: [Stage, CaseMachineEvent[]][] = [
    ['draft', [ev.created(), ev.saved(), ev.submitted()]],
    ['cityAudit', [ev.auditPassed()]],
    ['recommendation', [ev.recommended()]],
    ['expertReview', [ev.panelFormed(), ...PANEL.map(ev.scored), ev.concluded('pass')]],
    ['defense', [ev.defenseScheduled(), ev.defenseResult('pass')]],
    ['siteVisit', [ev.siteVisitScheduled(), ev.siteVisitResult('pass')]],
    ['publicity', [ev.publicityStarted(), ev.publicityEnded()]],
    ['approval', [ev.approved()]],
    ['progressEvaluation', []],
  ];
  const off = (s: Stage): boolean => (s === 'defense' || s === 'siteVisit') && definition.stages[s]?.enabled === false;
  if (off(stage)) throw new Error(`${stage} is switched off`);
  if (stage === 'draft') return [ev.created(), ev.saved()];
  const events: CaseMachineEvent[] = [];
  for (const [s, evs] of through) {
    if (s === stage) return events;
    if (!off(s)) events.push(...evs);
  }
  throw new Error(`no main-line path to ${stage}`);
}

export const at = (stage: Stage, definition: WorkflowDefinition = GD_BDPZ_2019): CaseSnapshot =>
  foldCaseEvents(definition, pathTo(stage, definition));

export function step(snapshot: CaseSnapshot, events: CaseMachineEvent[], definition = GD_BDPZ_2019): CaseSnapshot {
  return events.reduce((s, e) => applyCaseEvent(definition, s, e), snapshot);
}

/** `stage` or `stage.substate`, for compact expectations. */
export const where = (s: CaseSnapshot): string => {
  const sub = substateOf(s);
  return sub ? `${stageOf(s)}.${sub}` : stageOf(s);
};
