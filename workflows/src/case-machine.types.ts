/**
 * The case machine's own view of events and context. Structural on purpose: `workflows/` imports nothing of ours, and
 * the domain's `CaseEvent` (same `type` names, richer `data`) must be assignable to `CaseMachineEvent`. Each `data`
 * lists only what the machine reads; events whose payload the machine ignores carry `data?: unknown`.
 */
import type { DeferrableStage, Rating, ReturnableStage, Stage } from './definition.types';

type MEv<T extends string, D = unknown> = unknown extends D ? { type: T; data?: unknown } : { type: T; data: D };

export type CaseMachineEvent =
  | MEv<'CaseCreated', { cities: string[] }>
  | MEv<'ApplicationSaved'>
  | MEv<'CaseSubmitted', { cities?: string[] }>
  | MEv<'CaseWithdrawn'>
  | MEv<'CityAuditPassed', { cityCode: string }>
  | MEv<'CaseReturnedForRevision', { cityCode: string }>
  | MEv<'CaseRejected'>
  | MEv<'RecommendationIssued', { cityCode: string }>
  | MEv<'ExpertPanelFormed', { expertIds: string[] }>
  | MEv<'ExpertRecused', { expertId: string }>
  | MEv<'ExpertReplaced', { recusedExpertId: string; expertId: string }>
  | MEv<'ScoresSubmitted', { expertId: string }>
  | MEv<'ExpertReviewConcluded', { outcome: 'pass' | 'fail' | 'defer' }>
  | MEv<'DefenseScheduled'>
  | MEv<'DefenseResultRecorded', { decision: 'pass' | 'fail' | 'defer' }>
  | MEv<'SiteVisitScheduled'>
  | MEv<'SiteVisitResultRecorded', { decision: 'pass' | 'fail' | 'defer' }>
  | MEv<'PublicityStarted', { batchId: string }>
  | MEv<'ObjectionRaised', { objectionId: string }>
  | MEv<'ObjectionResolved', { objectionId: string; upheld: boolean; returnTo?: ReturnableStage | 'rejected' }>
  | MEv<'PublicityEnded', { batchId: string }>
  | MEv<'ApprovalGranted'>
  | MEv<'ProgressReportFiled'>
  | MEv<'ProgressEvaluated', { level: 'city' | 'province'; rating: Rating; rectificationDueOn?: string }>
  | MEv<'ProgressReportDue'>
  | MEv<'ProgressReportMissed'>
  | MEv<'PilotRevoked'>
  | MEv<'PilotCompleted'>
  | MEv<'CaseResumed', { toStage: DeferrableStage }>
  | MEv<'StageOverdueMarked', { stage: Stage; entry: number }>
  | MEv<'StageReminderSent', { stage: Stage; entry: number }>
  | MEv<'StageDueMoved', { stage: Stage; entry: number }>
  | MEv<'CaseUrged'>
  | MEv<'PaperCopiesReceived'>
  | MEv<'AttachmentAdded'>;

export type CaseMachineEventType = CaseMachineEvent['type'];

/** Every event type the machine knows, in catalogue order (used for documentation and tests). */
export const CASE_MACHINE_EVENT_TYPES = [
  'CaseCreated',
  'ApplicationSaved',
  'CaseSubmitted',
  'CaseWithdrawn',
  'CityAuditPassed',
  'CaseReturnedForRevision',
  'CaseRejected',
  'RecommendationIssued',
  'ExpertPanelFormed',
  'ExpertRecused',
  'ExpertReplaced',
  'ScoresSubmitted',
  'ExpertReviewConcluded',
  'DefenseScheduled',
  'DefenseResultRecorded',
  'SiteVisitScheduled',
  'SiteVisitResultRecorded',
  'PublicityStarted',
  'ObjectionRaised',
  'ObjectionResolved',
  'PublicityEnded',
  'ApprovalGranted',
  'ProgressReportFiled',
  'ProgressEvaluated',
  'ProgressReportDue',
  'ProgressReportMissed',
  'PilotRevoked',
  'PilotCompleted',
  'CaseResumed',
  'StageOverdueMarked',
  'StageReminderSent',
  'StageDueMoved',
  'CaseUrged',
  'PaperCopiesReceived',
  'AttachmentAdded',
] as const satisfies readonly CaseMachineEventType[];

/** What the rules need to know beyond the stage. JSON-safe: arrays and primitives only. */
export interface CaseMachineContext {
  /** Incremented on every entry into a top-level stage (re-entries too); deadline ids and stale-timer checks use it. */
  entry: number;
  /** Every city involved (from CaseCreated; refreshed by CaseSubmitted when it names them). Empty until created. */
  cities: string[];
  /** Cities that passed the current city audit round. */
  auditPassed: string[];
  /** Cities that issued their recommendation letter. */
  recommended: string[];
  /** The current expert panel (recused members are swapped out by ExpertReplaced). */
  panel: string[];
  /** Experts who recused in the current review (kept after replacement so they cannot come back). */
  recused: string[];
  /** Experts who scored in the current review. */
  scored: string[];
  /** Objections raised in the current publicity and not yet resolved. */
  openObjections: string[];
  /** The stage a case in cultivation was deferred from (where CaseResumed sends it). */
  deferredFrom?: DeferrableStage;
  rectificationOpen: boolean;
  /** The stage entry already marked overdue (one mark per entry). */
  overdueEntry?: number;
  /** The publicity batch the case is in (PublicityEnded must name it). */
  batchId?: string;
}

/** The stored, JSON-safe form of a case's machine state. */
export interface PersistedCaseState {
  value: string | Record<string, string>;
  context: CaseMachineContext;
}
