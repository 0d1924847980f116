/**
 * The case's state folded from its stream: the lifecycle machine's persisted snapshot (stage, substate and what
 * its guards need) plus the case's data. `evolve` is pure on the event and the case's workflow definition (the
 * machine is built from it); metadata such as timestamps stays on the read side.
 *
 * Data of a stage belongs to the current entry of that stage: re-entering `expertReview`, `defense`, `siteVisit`
 * or `publicity` (after an upheld objection or a resume) starts it afresh, as the machine's context does.
 */
import {
  applyCaseEvent,
  replayCaseEvent,
  initialCaseSnapshot,
  stageOf,
  substateOf,
  toPersisted,
  type DeferrableStage,
  type PersistedCaseState,
  type Rating,
  type Stage,
  type WorkflowDefinition,
} from '@shenbao/workflows';
import type { Application } from './application.types';
import type {
  ApplicantParty,
  CaseEvent,
  ExpertPanelFormed,
  ObjectionRaised,
  ObjectionResolved,
  Party,
  ProgressReportFiled,
} from './case.events';

type DataOf<E extends CaseEvent['type']> = Extract<CaseEvent, { type: E }>['data'];

export interface ReviewData {
  panel?: ExpertPanelFormed['data'];
  recusals: { expertId: string; reason: string }[];
  replacements: DataOf<'ExpertReplaced'>[];
  /** Expert id → score sheet; hidden from other experts until the review is concluded (see caseViewFor). */
  scores: Record<string, { scores: Record<string, number>; total: number; comment: string }>;
  conclusion?: DataOf<'ExpertReviewConcluded'>;
  /** Only in a view for those who may not know the experts (caseViewFor): their comments without names. */
  comments?: string[];
}

export interface CheckData<S, R> {
  schedule?: S;
  result?: R;
}

export interface ObjectionData extends Omit<ObjectionRaised['data'], 'objectionId'> {
  objectionId: string;
  resolution?: Omit<ObjectionResolved['data'], 'objectionId'>;
}

export interface PublicityData {
  batchId?: string;
  startsAt?: string;
  endsAt?: string;
  ended: boolean;
  objections: ObjectionData[];
}

export interface EvaluationData {
  period: string;
  level: 'city' | 'province';
  cityCode?: string;
  rating: Rating;
  comment: string;
  rectificationDueOn?: string;
}

export interface MonitoringData {
  reports: ProgressReportFiled['data'][];
  evaluations: EvaluationData[];
  /** Rectifications ordered so far (rounds used) and the open one, if any. */
  rectifications: { period: string; dueOn: string }[];
  rectificationOpen: boolean;
  /** Report periods that fell due, in order (report cadence), and the ones marked missed. */
  due: { period: string; dueAt: string }[];
  missed: { period: string; dueAt: string; missedInRow: number }[];
}

export interface CaseState {
  caseId: string;
  programId: string;
  workflow: { key: string; version: number };
  applicant: ApplicantParty;
  partners: Party[];
  cities: string[];
  createdBy: string;
  machine: PersistedCaseState;
  stage: Stage;
  substate?: string;
  application?: Application;
  submissions: number;
  audits: { cityCode: string; decision: 'pass' | 'return' | 'reject'; comment: string; passedOn?: string }[];
  recommendations: DataOf<'RecommendationIssued'>[];
  review: ReviewData;
  defense: CheckData<DataOf<'DefenseScheduled'>, DataOf<'DefenseResultRecorded'>>;
  siteVisit: CheckData<DataOf<'SiteVisitScheduled'>, DataOf<'SiteVisitResultRecorded'>>;
  publicity: PublicityData;
  approval?: DataOf<'ApprovalGranted'>;
  monitoring: MonitoringData;
  deferrals: { from: DeferrableStage; comment?: string }[];
  resumptions: DataOf<'CaseResumed'>[];
  withdrawal?: DataOf<'CaseWithdrawn'>;
  rejection?: DataOf<'CaseRejected'> | { by: 'objection'; reason: string; fromStage: Stage };
  revocation?: DataOf<'PilotRevoked'>;
  completion?: DataOf<'PilotCompleted'>;
  overdue: DataOf<'StageOverdueMarked'>[];
  /** Reminders sent, of every stage entry (a reminder is sent once per stage, entry and offset). */
  reminders: DataOf<'StageReminderSent'>[];
  dueMoves: DataOf<'StageDueMoved'>[];
  urges: DataOf<'CaseUrged'>[];
  /** The day of the last submission (absent for cases submitted before it was recorded, and for drafts). */
  submittedOn?: string;
  /** Paper copies received (一式五份): their total and each receipt. */
  paperCopies: { total: number; receipts: DataOf<'PaperCopiesReceived'>[] };
  /** Files attached (scans, evidence, annexes), in the order they were added. */
  attachments: DataOf<'AttachmentAdded'>[];
}

/** Before `CaseCreated` there is no case. */
export type CaseFold = CaseState | null;
export const initialCaseState: CaseFold = null;

const emptyReview = (): ReviewData => ({ recusals: [], replacements: [], scores: {} });
const emptyPublicity = (): PublicityData => ({ ended: false, objections: [] });

function created(def: WorkflowDefinition, e: DataOf<'CaseCreated'>): CaseState {
  const machine = toPersisted(applyCaseEvent(def, initialCaseSnapshot(def), { type: 'CaseCreated', data: e }));
  return {
    caseId: e.caseId,
    programId: e.programId,
    workflow: { ...e.workflow },
    applicant: { ...e.applicant },
    partners: e.partners.map((p) => ({ ...p })),
    cities: [...e.cities],
    createdBy: e.createdBy,
    machine,
    stage: stageOf(machine),
    substate: substateOf(machine),
    submissions: 0,
    audits: [],
    recommendations: [],
    review: emptyReview(),
    defense: {},
    siteVisit: {},
    publicity: emptyPublicity(),
    monitoring: { reports: [], evaluations: [], rectifications: [], rectificationOpen: false, due: [], missed: [] },
    deferrals: [],
    resumptions: [],
    overdue: [],
    reminders: [],
    dueMoves: [],
    urges: [],
    paperCopies: { total: 0, receipts: [] },
    attachments: [],
  };
}

/** The case's data after an event (the machine part is handled by `evolveCase`). */
function evolveData(s: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseCreated':
      return s;
    case 'ApplicationSaved':
      return { ...s, application: event.data.application };
    case 'CaseSubmitted':
      return {
        ...s,
        submissions: s.submissions + 1,
        cities: event.data.cities.length > 0 ? [...event.data.cities] : s.cities,
        ...(event.data.submittedOn !== undefined ? { submittedOn: event.data.submittedOn } : {}),
      };
    case 'CaseWithdrawn':
      return { ...s, withdrawal: event.data };
    case 'CityAuditPassed':
      return { ...s, audits: [...s.audits, { ...event.data, decision: 'pass' }] };
    case 'CaseReturnedForRevision':
      return { ...s, audits: [...s.audits, { ...event.data, decision: 'return' }] };
    case 'CaseRejected': {
      const audits = event.data.by === 'cityAudit' && event.data.cityCode
        ? [...s.audits, { cityCode: event.data.cityCode, decision: 'reject' as const, comment: event.data.reason }]
        : s.audits;
      return { ...s, audits, rejection: event.data };
    }
    case 'RecommendationIssued':
      return { ...s, recommendations: [...s.recommendations, event.data] };
    case 'ExpertPanelFormed':
      return { ...s, review: { ...emptyReview(), panel: event.data } };
    case 'ExpertRecused':
      return { ...s, review: { ...s.review, recusals: [...s.review.recusals, event.data] } };
    case 'ExpertReplaced':
      return { ...s, review: { ...s.review, replacements: [...s.review.replacements, event.data] } };
    case 'ScoresSubmitted': {
      const { expertId, ...sheet } = event.data;
      return { ...s, review: { ...s.review, scores: { ...s.review.scores, [expertId]: sheet } } };
    }
    case 'ExpertReviewConcluded': {
      const deferrals = event.data.outcome === 'defer' ? [...s.deferrals, { from: 'expertReview' as const, comment: event.data.comment }] : s.deferrals;
      return { ...s, review: { ...s.review, conclusion: event.data }, deferrals };
    }
    case 'DefenseScheduled':
      return { ...s, defense: { ...s.defense, schedule: event.data } };
    case 'DefenseResultRecorded': {
      const deferrals = event.data.decision === 'defer' ? [...s.deferrals, { from: 'defense' as const, comment: event.data.comment }] : s.deferrals;
      return { ...s, defense: { ...s.defense, result: event.data }, deferrals };
    }
    case 'SiteVisitScheduled':
      return { ...s, siteVisit: { ...s.siteVisit, schedule: event.data } };
    case 'SiteVisitResultRecorded': {
      const deferrals = event.data.decision === 'defer' ? [...s.deferrals, { from: 'siteVisit' as const, comment: event.data.findings }] : s.deferrals;
      return { ...s, siteVisit: { ...s.siteVisit, result: event.data }, deferrals };
    }
    case 'PublicityStarted':
      return { ...s, publicity: { ...emptyPublicity(), ...event.data } };
    case 'ObjectionRaised':
      return { ...s, publicity: { ...s.publicity, objections: [...s.publicity.objections, { ...event.data }] } };
    case 'ObjectionResolved': {
      const { objectionId, ...resolution } = event.data;
      const objections = s.publicity.objections.map((o) => (o.objectionId === objectionId ? { ...o, resolution } : o));
      const rejection = event.data.upheld && event.data.returnTo === 'rejected'
        ? { by: 'objection' as const, reason: event.data.comment, fromStage: 'publicity' as const }
        : s.rejection;
      return { ...s, publicity: { ...s.publicity, objections }, rejection };
    }
    case 'PublicityEnded':
      return { ...s, publicity: { ...s.publicity, ended: true } };
    case 'ApprovalGranted':
      return { ...s, approval: event.data };
    case 'ProgressReportFiled':
      return { ...s, monitoring: { ...s.monitoring, reports: [...s.monitoring.reports, event.data] } };
    case 'ProgressEvaluated': {
      const m = s.monitoring;
      const ordered = event.data.level === 'province' && event.data.rating === 'fail' && event.data.rectificationDueOn !== undefined;
      return {
        ...s,
        monitoring: {
          ...m,
          evaluations: [...m.evaluations, event.data],
          rectifications: ordered ? [...m.rectifications, { period: event.data.period, dueOn: event.data.rectificationDueOn! }] : m.rectifications,
        },
      };
    }
    case 'ProgressReportDue':
      return { ...s, monitoring: { ...s.monitoring, due: [...s.monitoring.due, event.data] } };
    case 'ProgressReportMissed': {
      const { period, dueAt, missedInRow } = event.data;
      return { ...s, monitoring: { ...s.monitoring, missed: [...s.monitoring.missed, { period, dueAt, missedInRow }] } };
    }
    case 'PilotRevoked':
      return { ...s, revocation: event.data };
    case 'PilotCompleted':
      return { ...s, completion: event.data };
    case 'CaseResumed':
      return { ...s, resumptions: [...s.resumptions, event.data] };
    case 'StageOverdueMarked':
      return { ...s, overdue: [...s.overdue, event.data] };
    case 'StageReminderSent':
      return { ...s, reminders: [...s.reminders, event.data] };
    case 'StageDueMoved':
      return { ...s, dueMoves: [...s.dueMoves, event.data] };
    case 'CaseUrged':
      return { ...s, urges: [...s.urges, event.data] };
    case 'PaperCopiesReceived':
      return { ...s, paperCopies: { total: s.paperCopies.total + event.data.copies, receipts: [...s.paperCopies.receipts, event.data] } };
    case 'AttachmentAdded':
      return { ...s, attachments: [...s.attachments, event.data] };
    default: {
      const never: never = event;
      return never;
    }
  }
}

/** Starts the data of a stage afresh when the machine entered it anew. */
function onEntry(s: CaseState, entered: Stage): CaseState {
  switch (entered) {
    case 'expertReview':
      return { ...s, review: emptyReview() };
    case 'defense':
      return { ...s, defense: {} };
    case 'siteVisit':
      return { ...s, siteVisit: {} };
    case 'publicity':
      return { ...s, publicity: emptyPublicity() };
    default:
      return s;
  }
}

/**
 * Folds one event. Events that the machine refuses cannot be in a well-formed stream (the decider confirmed each
 * with the machine before appending), so a refusal here is a corrupted stream and throws.
 */
export function evolveCase(def: WorkflowDefinition, state: CaseFold, event: CaseEvent): CaseFold {
  if (event.type === 'CaseCreated') {
    if (state) throw new Error(`Case ${state.caseId} was created twice`);
    return created(def, event.data);
  }
  if (!state) throw new Error(`Event ${event.type} before CaseCreated`);
  // Stored events were accepted when decided: replay skips the machine's can() check and its no-op transitions.
  const replayed = replayCaseEvent(def, state.machine, event);
  const machine = replayed === state.machine ? state.machine : toPersisted(replayed);
  const stage = stageOf(machine);
  let next: CaseState = { ...state, machine, stage, substate: substateOf(machine) };
  if (machine.context.entry !== state.machine.context.entry) next = onEntry(next, stage);
  next = evolveData(next, event);
  next.monitoring = { ...next.monitoring, rectificationOpen: machine.context.rectificationOpen };
  return next;
}

export const caseEvolver = (def: WorkflowDefinition) => (state: CaseFold, event: CaseEvent): CaseFold => evolveCase(def, state, event);

export function foldCase(def: WorkflowDefinition, events: Iterable<CaseEvent>): CaseFold {
  let state: CaseFold = initialCaseState;
  for (const e of events) state = evolveCase(def, state, e);
  return state;
}

/**
 * The source of every function that folds a case, for snapshot keys (case.snapshot.ts): when any of them changes,
 * snapshots made by the old code are no longer used. Keep new fold helpers of this module in the list.
 */
export const CASE_FOLD_CODE: string = [emptyReview, emptyPublicity, created, evolveData, onEntry, evolveCase, foldCase].map(String).join('\n');
