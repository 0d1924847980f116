/**
 * The case lifecycle as an XState v5 machine, built per workflow definition. Machine events are the domain's case
 * events (past tense); the top-level state is the stage, substates say where inside a stage the case is. The machine
 * only decides (pure transitions, no actors, no side effects); restoring and stepping it lives in
 * case-machine.runtime.ts.
 *
 * Creation: the initial state is `draft` with no cities; `CaseCreated` is accepted only then (guard `notCreated`)
 * and every other draft event needs it to have happened (guard `created`). This keeps the top-level states equal to
 * STAGES instead of adding a pre-creation state.
 *
 * Disabled `defense` / `siteVisit` are left out of the config entirely, so they are unreachable by construction
 * (their pass targets, objection returns and resumes skip to the next enabled stage or do not exist).
 */
import { caseMachineSetup, initialCaseContext } from './case-machine.setup';
import {
  DEFERRABLE_STAGES,
  RETURNABLE_STAGES,
  type DeferrableStage,
  type ReturnableStage,
  type Stage,
  type WorkflowDefinition,
} from './definition.types';

/** Whether a stage runs under this definition (only `defense` and `siteVisit` can be switched off). */
export function isStageEnabled(definition: WorkflowDefinition, stage: Stage): boolean {
  if (stage !== 'defense' && stage !== 'siteVisit') return true;
  return definition.stages[stage]?.enabled !== false;
}

/** The stages of the main line, in order; `defense` and `siteVisit` only where the definition runs them. */
const MAIN_LINE: readonly Stage[] = ['draft', 'cityAudit', 'recommendation', 'expertReview', 'defense', 'siteVisit', 'publicity', 'approval', 'progressEvaluation', 'completed'];

/** The lifecycle a case of this definition goes through when nothing stops it (the case page draws it). */
export function lifecycleOf(definition: WorkflowDefinition): Stage[] {
  return MAIN_LINE.filter((stage) => isStageEnabled(definition, stage));
}

const overdue = (stage: Stage) => ({ guard: { type: 'overdueFresh', params: { stage } }, actions: 'markOverdue' }) as const;
const reminder = (stage: Stage) => ({ guard: { type: 'reminderFresh', params: { stage } }, actions: 'accept' }) as const;
/** Urging the holder (催办) changes nothing the machine tracks; it is accepted in every stage that is not final. */
const urged = { guard: 'created', actions: 'accept' } as const;
/**
 * What every non-final stage accepts without moving: the notices (overdue mark, reminder, due time moved, urge) and
 * an attachment added (which kind in which stage is the domain's rule, libs/domain case.attachments.ts).
 */
const notices = (stage: Stage) =>
  ({ StageOverdueMarked: overdue(stage), StageReminderSent: reminder(stage), StageDueMoved: reminder(stage), CaseUrged: urged, AttachmentAdded: urged }) as const;
const withdraw = { target: '#case.withdrawn' } as const;
/** Paperwork received for a submitted case (the paper copies of 一式五份) moves nothing; accepted from the city audit until the case closes. */
const paperwork = { PaperCopiesReceived: { actions: 'accept' } } as const;

/** Shared shape of `defense` and `siteVisit`: schedule (reschedule allowed), then record pass / fail / defer. */
function checkStage(stage: 'defense' | 'siteVisit', passTo: Stage) {
  const scheduledEvent = stage === 'defense' ? 'DefenseScheduled' : 'SiteVisitScheduled';
  const resultEvent = stage === 'defense' ? 'DefenseResultRecorded' : 'SiteVisitResultRecorded';
  return {
    initial: 'scheduling',
    entry: ['enterStage'],
    on: {
      [resultEvent]: {
        guard: { type: 'decided', params: { outcome: 'defer' } },
        target: '#case.cultivation',
        actions: { type: 'deferFrom', params: { stage } },
      },
      CaseWithdrawn: withdraw,
      ...notices(stage),
      ...paperwork,
    },
    states: {
      scheduling: { on: { [scheduledEvent]: { target: 'scheduled' } } },
      scheduled: {
        on: {
          [scheduledEvent]: { actions: 'accept' },
          [resultEvent]: [
            { guard: { type: 'decided', params: { outcome: 'pass' } }, target: `#case.${passTo}` },
            { guard: { type: 'decided', params: { outcome: 'fail' } }, target: '#case.notSelected' },
          ],
        },
      },
    },
  } as const;
}

export function createCaseMachine(definition: WorkflowDefinition) {
  const defenseOn = isStageEnabled(definition, 'defense');
  const siteVisitOn = isStageEnabled(definition, 'siteVisit');
  const afterDefense: Stage = siteVisitOn ? 'siteVisit' : 'publicity';
  const afterReview: Stage = defenseOn ? 'defense' : afterDefense;
  const returnable = RETURNABLE_STAGES.filter((s): s is ReturnableStage => isStageEnabled(definition, s));
  const deferrable = DEFERRABLE_STAGES.filter((s): s is DeferrableStage => isStageEnabled(definition, s));

  return caseMachineSetup.createMachine({
    id: 'case',
    initial: 'draft',
    context: initialCaseContext(),
    states: {
      draft: {
        entry: ['enterStage'],
        on: {
          CaseCreated: { guard: 'notCreated', actions: 'setCities' },
          ApplicationSaved: { guard: 'created', actions: 'accept' },
          CaseSubmitted: { guard: 'created', target: 'cityAudit', actions: 'refreshCities' },
          CaseWithdrawn: { guard: 'created', target: 'withdrawn' },
          ...notices('draft'),
        },
      },
      cityAudit: {
        entry: ['enterStage', 'resetAudit'],
        on: {
          CityAuditPassed: [
            { guard: 'cityAuditCompletes', target: 'recommendation', actions: 'recordAudit' },
            { guard: 'cityAuditPending', actions: 'recordAudit' },
          ],
          CaseReturnedForRevision: { guard: 'involvedCity', target: 'draft', actions: 'resetAudit' },
          CaseRejected: { target: 'rejected' },
          CaseWithdrawn: withdraw,
          ...notices('cityAudit'), ...paperwork,
        },
      },
      recommendation: {
        entry: ['enterStage'],
        on: {
          RecommendationIssued: [
            { guard: 'recommendationCompletes', target: 'expertReview', actions: 'recordRecommendation' },
            { guard: 'recommendationPending', actions: 'recordRecommendation' },
          ],
          CaseWithdrawn: withdraw,
          ...notices('recommendation'), ...paperwork,
        },
      },
      expertReview: {
        initial: 'forming',
        entry: ['enterStage', 'resetReview'],
        on: {
          ExpertReviewConcluded: {
            guard: { type: 'concluded', params: { outcome: 'defer' } },
            target: 'cultivation',
            actions: { type: 'deferFrom', params: { stage: 'expertReview' } },
          },
          CaseWithdrawn: withdraw,
          ...notices('expertReview'), ...paperwork,
        },
        states: {
          forming: { on: { ExpertPanelFormed: { guard: 'panelValid', target: 'scoring', actions: 'formPanel' } } },
          scoring: {
            on: {
              ExpertRecused: { guard: 'canRecuse', actions: 'recuse' },
              ExpertReplaced: { guard: 'canReplace', actions: 'replace' },
              ScoresSubmitted: { guard: 'canScore', actions: 'recordScore' },
              ExpertReviewConcluded: [
                { guard: { type: 'concluded', params: { outcome: 'pass' } }, target: `#case.${afterReview}` },
                { guard: { type: 'concluded', params: { outcome: 'fail' } }, target: '#case.notSelected' },
              ],
            },
          },
        },
      },
      ...(defenseOn ? { defense: checkStage('defense', afterDefense) } : {}),
      ...(siteVisitOn ? { siteVisit: checkStage('siteVisit', 'publicity') } : {}),
      publicity: {
        initial: 'awaiting',
        entry: ['enterStage', 'resetPublicity'],
        on: { CaseWithdrawn: withdraw, ...notices('publicity'), ...paperwork },
        states: {
          awaiting: { on: { PublicityStarted: { target: 'open', actions: 'startPublicity' } } },
          open: {
            on: {
              ObjectionRaised: { guard: 'objectionNew', actions: 'raiseObjection' },
              ObjectionResolved: [
                { guard: 'objectionDismissed', actions: 'resolveObjection' },
                ...[...returnable, 'rejected' as const].map((to) => ({
                  guard: { type: 'objectionUpheld', params: { to } } as const,
                  target: `#case.${to}`,
                  actions: 'resolveObjection' as const,
                })),
              ],
              PublicityEnded: { guard: 'publicityCanEnd', target: '#case.approval' },
            },
          },
        },
      },
      approval: {
        initial: 'awaiting',
        entry: ['enterStage'],
        on: { ...notices('approval'), ...paperwork },
        states: {
          awaiting: { on: { ApprovalGranted: { target: '#case.progressEvaluation' }, CaseWithdrawn: withdraw } },
        },
      },
      progressEvaluation: {
        initial: 'monitoring',
        entry: ['enterStage', 'closeRectification'],
        on: {
          ProgressReportFiled: { actions: 'accept' },
          // Report cadence marks (a period fell due / was missed): recorded, never a move; the decider keeps them
          // to one per period.
          ProgressReportDue: { actions: 'accept' },
          ProgressReportMissed: { actions: 'accept' },
          ProgressEvaluated: [
            { guard: 'rectificationOrdered', target: '.rectification', actions: 'openRectification' },
            { guard: 'rectificationPassed', target: '.monitoring', actions: 'closeRectification' },
            { actions: 'accept' },
          ],
          PilotRevoked: { target: 'revoked' },
          ...notices('progressEvaluation'), ...paperwork,
        },
        states: {
          monitoring: { on: { PilotCompleted: { target: '#case.completed' } } },
          rectification: {},
        },
      },
      cultivation: {
        entry: ['enterStage'],
        on: {
          CaseResumed: deferrable.map((stage) => ({
            guard: { type: 'resumesTo', params: { stage } } as const,
            target: stage,
            actions: 'clearDeferred' as const,
          })),
          CaseWithdrawn: withdraw,
          ...notices('cultivation'), ...paperwork,
        },
      },
      withdrawn: { type: 'final', entry: ['enterStage'] },
      rejected: { type: 'final', entry: ['enterStage'] },
      notSelected: { type: 'final', entry: ['enterStage'] },
      revoked: { type: 'final', entry: ['enterStage'] },
      completed: { type: 'final', entry: ['enterStage'] },
    },
  });
}

export type CaseMachine = ReturnType<typeof createCaseMachine>;
