/**
 * Guards and actions of the case machine, declared once with xstate's `setup`. They only read the event and the
 * context (never the clock or the outside world); everything that depends on the workflow definition is decided
 * when the state config is built (`case.machine.ts`), so one setup serves every definition.
 */
import { assign, setup } from 'xstate';
import type { CaseMachineContext, CaseMachineEvent } from './case-machine.types';
import type { DeferrableStage, ReturnableStage, Stage } from './definition.types';

type Outcome = 'pass' | 'fail' | 'defer';

const has = (list: readonly string[], item: string): boolean => list.includes(item);
const without = (list: readonly string[], item: string): string[] => list.filter((x) => x !== item);
/** True when `item` is the only entry of `all` not yet in `done` (so recording it completes the set). */
const completes = (all: readonly string[], done: readonly string[], item: string): boolean =>
  has(all, item) && !has(done, item) && all.every((c) => c === item || has(done, c));

export function initialCaseContext(): CaseMachineContext {
  return {
    entry: 0,
    cities: [],
    auditPassed: [],
    recommended: [],
    panel: [],
    recused: [],
    scored: [],
    openObjections: [],
    rectificationOpen: false,
  };
}

export const caseMachineSetup = setup({
  types: {
    context: {} as CaseMachineContext,
    events: {} as CaseMachineEvent,
  },
  guards: {
    /** CaseCreated is the first event of a stream: accepted once, while no cities are known. */
    notCreated: ({ context, event }) =>
      event.type === 'CaseCreated' && context.cities.length === 0 && event.data.cities.length > 0,
    created: ({ context }) => context.cities.length > 0,
    cityAuditCompletes: ({ context, event }) =>
      event.type === 'CityAuditPassed' && completes(context.cities, context.auditPassed, event.data.cityCode),
    cityAuditPending: ({ context, event }) =>
      event.type === 'CityAuditPassed' &&
      has(context.cities, event.data.cityCode) &&
      !has(context.auditPassed, event.data.cityCode),
    involvedCity: ({ context, event }) =>
      event.type === 'CaseReturnedForRevision' && has(context.cities, event.data.cityCode),
    recommendationCompletes: ({ context, event }) =>
      event.type === 'RecommendationIssued' && completes(context.cities, context.recommended, event.data.cityCode),
    recommendationPending: ({ context, event }) =>
      event.type === 'RecommendationIssued' &&
      has(context.cities, event.data.cityCode) &&
      !has(context.recommended, event.data.cityCode),
    panelValid: ({ event }) =>
      event.type === 'ExpertPanelFormed' &&
      event.data.expertIds.length > 0 &&
      new Set(event.data.expertIds).size === event.data.expertIds.length,
    canRecuse: ({ context, event }) =>
      event.type === 'ExpertRecused' &&
      has(context.panel, event.data.expertId) &&
      !has(context.recused, event.data.expertId) &&
      !has(context.scored, event.data.expertId),
    canReplace: ({ context, event }) =>
      event.type === 'ExpertReplaced' &&
      has(context.recused, event.data.recusedExpertId) &&
      has(context.panel, event.data.recusedExpertId) &&
      !has(context.panel, event.data.expertId) &&
      !has(context.recused, event.data.expertId),
    canScore: ({ context, event }) =>
      event.type === 'ScoresSubmitted' &&
      has(context.panel, event.data.expertId) &&
      !has(context.recused, event.data.expertId) &&
      !has(context.scored, event.data.expertId),
    /** Pass and fail are judged on scores, so they need at least one; defer needs none. */
    concluded: ({ context, event }, params: { outcome: Outcome }) =>
      event.type === 'ExpertReviewConcluded' &&
      event.data.outcome === params.outcome &&
      (params.outcome === 'defer' || context.scored.length > 0),
    decided: ({ event }, params: { outcome: Outcome }) =>
      (event.type === 'DefenseResultRecorded' || event.type === 'SiteVisitResultRecorded') &&
      event.data.decision === params.outcome,
    objectionNew: ({ context, event }) =>
      event.type === 'ObjectionRaised' && !has(context.openObjections, event.data.objectionId),
    objectionDismissed: ({ context, event }) =>
      event.type === 'ObjectionResolved' && !event.data.upheld && has(context.openObjections, event.data.objectionId),
    objectionUpheld: ({ context, event }, params: { to: ReturnableStage | 'rejected' }) =>
      event.type === 'ObjectionResolved' &&
      event.data.upheld &&
      event.data.returnTo === params.to &&
      has(context.openObjections, event.data.objectionId),
    publicityCanEnd: ({ context, event }) =>
      event.type === 'PublicityEnded' && event.data.batchId === context.batchId && context.openObjections.length === 0,
    rectificationOrdered: ({ event }) =>
      event.type === 'ProgressEvaluated' &&
      event.data.level === 'province' &&
      event.data.rating === 'fail' &&
      typeof event.data.rectificationDueOn === 'string',
    rectificationPassed: ({ context, event }) =>
      event.type === 'ProgressEvaluated' &&
      context.rectificationOpen &&
      event.data.level === 'province' &&
      event.data.rating !== 'fail',
    resumesTo: ({ context, event }, params: { stage: DeferrableStage }) =>
      event.type === 'CaseResumed' && context.deferredFrom === params.stage && event.data.toStage === params.stage,
    /** A deadline timer names the stage entry it was set for; one from an earlier entry (or a repeat) is ignored. */
    overdueFresh: ({ context, event }, params: { stage: Stage }) =>
      event.type === 'StageOverdueMarked' &&
      context.cities.length > 0 &&
      event.data.stage === params.stage &&
      event.data.entry === context.entry &&
      context.overdueEntry !== context.entry,
    /**
     * A reminder (or the notice that a published holiday arrangement moved the due time) names its stage entry like
     * an overdue mark, so a stale one is refused; unlike the mark it is not limited to one per entry here (a stage
     * has several reminder offsets; the decider keeps each to one).
     */
    reminderFresh: ({ context, event }, params: { stage: Stage }) =>
      (event.type === 'StageReminderSent' || event.type === 'StageDueMoved') &&
      context.cities.length > 0 &&
      event.data.stage === params.stage &&
      event.data.entry === context.entry,
  },
  actions: {
    /**
     * xstate's `snapshot.can()` treats a targetless transition without actions as refused, so events that are
     * accepted without changing anything the machine tracks run this no-op.
     */
    accept: () => undefined,
    enterStage: assign({ entry: ({ context }) => context.entry + 1 }),
    setCities: assign({ cities: ({ context, event }) => (event.type === 'CaseCreated' ? [...event.data.cities] : context.cities) }),
    refreshCities: assign({
      cities: ({ context, event }) =>
        event.type === 'CaseSubmitted' && event.data.cities && event.data.cities.length > 0
          ? [...event.data.cities]
          : context.cities,
    }),
    resetAudit: assign({ auditPassed: () => [] }),
    recordAudit: assign({
      auditPassed: ({ context, event }) =>
        event.type === 'CityAuditPassed' ? [...context.auditPassed, event.data.cityCode] : context.auditPassed,
    }),
    recordRecommendation: assign({
      recommended: ({ context, event }) =>
        event.type === 'RecommendationIssued' ? [...context.recommended, event.data.cityCode] : context.recommended,
    }),
    resetReview: assign({ panel: () => [], recused: () => [], scored: () => [] }),
    formPanel: assign({
      panel: ({ context, event }) => (event.type === 'ExpertPanelFormed' ? [...event.data.expertIds] : context.panel),
      recused: () => [],
      scored: () => [],
    }),
    recuse: assign({
      recused: ({ context, event }) =>
        event.type === 'ExpertRecused' ? [...context.recused, event.data.expertId] : context.recused,
    }),
    replace: assign({
      panel: ({ context, event }) =>
        event.type === 'ExpertReplaced'
          ? context.panel.map((id) => (id === event.data.recusedExpertId ? event.data.expertId : id))
          : context.panel,
    }),
    recordScore: assign({
      scored: ({ context, event }) =>
        event.type === 'ScoresSubmitted' ? [...context.scored, event.data.expertId] : context.scored,
    }),
    deferFrom: assign({ deferredFrom: (_, params: { stage: DeferrableStage }) => params.stage }),
    clearDeferred: assign({ deferredFrom: () => undefined }),
    resetPublicity: assign({ openObjections: () => [], batchId: () => undefined }),
    startPublicity: assign({
      batchId: ({ context, event }) => (event.type === 'PublicityStarted' ? event.data.batchId : context.batchId),
    }),
    raiseObjection: assign({
      openObjections: ({ context, event }) =>
        event.type === 'ObjectionRaised' ? [...context.openObjections, event.data.objectionId] : context.openObjections,
    }),
    resolveObjection: assign({
      openObjections: ({ context, event }) =>
        event.type === 'ObjectionResolved' ? without(context.openObjections, event.data.objectionId) : context.openObjections,
    }),
    openRectification: assign({ rectificationOpen: () => true }),
    closeRectification: assign({ rectificationOpen: () => false }),
    markOverdue: assign({ overdueEntry: ({ context }) => context.entry }),
  },
});
