/**
 * Case events: the stored contract of a case stream (`case-<id>`). Names are past tense and never renamed;
 * a change of shape bumps the schema version and gets an upcaster. These are also the XState machine's events.
 */
import type { ReturnableStage, DeferrableStage, Rating, Stage } from '@shenbao/workflows';
import type { Application } from './application.types';

export type ApplicantLevel = 'district' | 'city';

export interface Party {
  cityCode: string;
  districtCode?: string;
  unitName: string;
}

export interface ApplicantParty extends Party {
  level: ApplicantLevel;
}

export interface ObjectorInfo {
  kind: 'person' | 'unit';
  name: string;
  contact: string;
  evidence?: string;
}

export type ProjectStatus = 'not_started' | 'in_progress' | 'done' | 'stalled';

type Ev<T extends string, D> = { type: T; data: D };

export type CaseCreated = Ev<'CaseCreated', {
  caseId: string;
  programId: string;
  workflow: { key: string; version: number };
  applicant: ApplicantParty;
  partners: Party[];
  /** Every city involved (applicant's first, then partners' in order, no duplicates). */
  cities: string[];
  createdBy: string;
}>;
export type ApplicationSaved = Ev<'ApplicationSaved', { application: Application }>;
/** `submittedOn` (added field, absent in older events): the day of the submission in the program's zone. */
export type CaseSubmitted = Ev<'CaseSubmitted', { cities: string[]; submittedOn?: string }>;
export type CaseWithdrawn = Ev<'CaseWithdrawn', { reason: string; fromStage: Stage }>;
/** `passedOn` (added field, absent in older events): the day of the pass in the program's zone (letters date after it). */
export type CityAuditPassed = Ev<'CityAuditPassed', { cityCode: string; comment: string; passedOn?: string }>;
export type CaseReturnedForRevision = Ev<'CaseReturnedForRevision', { cityCode: string; comment: string }>;
export type CaseRejected = Ev<'CaseRejected', { by: 'cityAudit' | 'objection' | 'province'; cityCode?: string; reason: string; fromStage: Stage }>;
export type RecommendationIssued = Ev<'RecommendationIssued', { cityCode: string; letterNo: string; issuedOn: string; statement: string }>;
export type ExpertPanelFormed = Ev<'ExpertPanelFormed', {
  expertIds: string[];
  method: 'chosen' | 'drawn';
  /** For a draw: the seed, the eligible pool in the order drawn from, and who was excluded and why (auditable). */
  draw?: { seed: string; pool: string[]; excluded: { expertId: string; reason: string }[] };
}>;
export type ExpertRecused = Ev<'ExpertRecused', { expertId: string; reason: string }>;
export type ExpertReplaced = Ev<'ExpertReplaced', {
  recusedExpertId: string;
  expertId: string;
  method: 'chosen' | 'drawn';
  seed?: string;
  /** For a draw (added field): the eligible pool drawn from and the exclusions, as for ExpertPanelFormed. */
  draw?: { seed: string; pool: string[]; excluded: { expertId: string; reason: string }[] };
}>;
export type ScoresSubmitted = Ev<'ScoresSubmitted', { expertId: string; scores: Record<string, number>; total: number; comment: string }>;
export type ExpertReviewConcluded = Ev<'ExpertReviewConcluded', {
  outcome: 'pass' | 'fail' | 'defer';
  /** Aggregated score (mean or trimmed mean per the definition); absent when deferred before any score. */
  score?: number;
  threshold: number;
  comment?: string;
}>;
export type DefenseScheduled = Ev<'DefenseScheduled', { scheduledAt: string; venue: string; panelExpertIds: string[] }>;
export type DefenseResultRecorded = Ev<'DefenseResultRecorded', { decision: 'pass' | 'fail' | 'defer'; score?: number; comment: string }>;
export type SiteVisitScheduled = Ev<'SiteVisitScheduled', { scheduledAt: string; team: string[] }>;
export type SiteVisitResultRecorded = Ev<'SiteVisitResultRecorded', { decision: 'pass' | 'fail' | 'defer'; findings: string }>;
export type PublicityStarted = Ev<'PublicityStarted', { batchId: string; startsAt: string; endsAt: string }>;
export type ObjectionRaised = Ev<'ObjectionRaised', { objectionId: string; objector: ObjectorInfo; summary: string; receivedOn: string }>;
export type ObjectionResolved = Ev<'ObjectionResolved', {
  objectionId: string;
  upheld: boolean;
  comment: string;
  /** When upheld: the stage the case goes back to, or `rejected`. */
  returnTo?: ReturnableStage | 'rejected';
}>;
export type PublicityEnded = Ev<'PublicityEnded', { batchId: string }>;
export type ApprovalGranted = Ev<'ApprovalGranted', { replyLetterNo: string; repliedOn: string; batchNo: number }>;
export type ProgressReportFiled = Ev<'ProgressReportFiled', {
  reportId: string;
  period: string;
  narrative: string;
  indicators: { name: string; target: string; actual: string }[];
  projects: { seq: number; investedToDate: number; status: ProjectStatus }[];
}>;
export type ProgressEvaluated = Ev<'ProgressEvaluated', {
  period: string;
  level: 'city' | 'province';
  cityCode?: string;
  rating: Rating;
  comment: string;
  rectificationDueOn?: string;
}>;
/** A report period fell due (report cadence, `P<n>` = the n-th period after approval). */
export type ProgressReportDue = Ev<'ProgressReportDue', { period: string; dueAt: string }>;
/**
 * No report for the period by the end of the grace: flagged and escalated to the cities of the case. `missedInRow`
 * counts this and the directly preceding periods that were missed too; reaching the definition's
 * `missedReportsAsFail` is for the province to act on (an evaluation), never decided here.
 */
export type ProgressReportMissed = Ev<'ProgressReportMissed', { period: string; dueAt: string; missedInRow: number; escalatedTo: 'city' }>;
export type PilotRevoked = Ev<'PilotRevoked', { reason: string }>;
export type PilotCompleted = Ev<'PilotCompleted', { comment: string }>;
export type CaseResumed = Ev<'CaseResumed', { comment: string; toStage: DeferrableStage }>;
/**
 * Who owes the next step of a case (see case.holder.ts): a role, and for cities and experts which of them. The
 * applicant side is always the case's parties (lead applicant and joint partners), so it carries no scope.
 */
export type HolderRole = 'applicant' | 'city' | 'province' | 'expert';
export interface CaseHolder {
  role: HolderRole;
  /** `city`: the involved cities that still owe their step. */
  cityCodes?: string[];
  /** `expert`: the active panel members who have not scored yet. */
  expertIds?: string[];
}
/** Who supervises a holder (overdue escalation): applicant → city, city / expert / province → province. */
export type SupervisorRole = 'city' | 'province';

/**
 * Appended by the deadline machinery; `entry` names the stage entry it belongs to, so a stale timer is ignored.
 * `holder` and `escalatedTo` were added later (absent in older events): who owed the step when it went overdue, and
 * the supervising role the overdue is escalated to.
 */
export type StageOverdueMarked = Ev<'StageOverdueMarked', { stage: Stage; entry: number; dueAt: string; holder?: CaseHolder; escalatedTo?: SupervisorRole }>;
/** A reminder before a stage's due time (`offset` before `dueAt`), sent to whoever holds the case then. */
export type StageReminderSent = Ev<'StageReminderSent', { stage: Stage; entry: number; dueAt: string; offset: string; holder: CaseHolder }>;
/**
 * A published holiday arrangement (`year`, State Council notice `notice`) moved the stage's working-day due time
 * from `from` to `to`; told to whoever holds the case then.
 */
export type StageDueMoved = Ev<'StageDueMoved', { stage: Stage; entry: number; from: string; to: string; year: number; notice: string; holder: CaseHolder }>;
/** 催办: a province or city officer presses the current holder. */
export type CaseUrged = Ev<'CaseUrged', { comment: string; by: { role: 'province' | 'city'; cityCode?: string }; holder: CaseHolder }>;

/**
 * Paper copies of the sealed application received (一式五份) by a city or the province: how many, when, by whom,
 * and the SHA-256 of the sealed scan they were compared with, when they match it.
 */
export type PaperCopiesReceived = Ev<'PaperCopiesReceived', {
  copies: number;
  receivedOn: string;
  receiver: string;
  matchesSha256?: string;
  recordedBy: { role: 'city' | 'province'; cityCode?: string };
}>;

/** What an attachment is (API.md "Additions"): the sealed 申报书 scan, the city's sealed 推荐函 scan, supporting material, evidence in an objection, an annex to a progress report. */
export type AttachmentKind = 'sealedApplication' | 'recommendationLetter' | 'evidence' | 'objectionEvidence' | 'progressAnnex';

/**
 * A file attached to the case: its SHA-256 (so the stream's hash chain covers the content), size in bytes, media
 * type recognised from its bytes, the name it was uploaded with, its kind and who uploaded it. The bytes are in the
 * blob store under their SHA-256.
 */
export type AttachmentAdded = Ev<'AttachmentAdded', {
  attachmentId: string;
  kind: AttachmentKind;
  name: string;
  size: number;
  mediaType: string;
  sha256: string;
  uploadedBy: { userId: string; role: 'applicant' | 'city' | 'province' | 'admin' | 'expert'; cityCode?: string };
}>;

export type CaseEvent =
  | CaseCreated
  | ApplicationSaved
  | CaseSubmitted
  | CaseWithdrawn
  | CityAuditPassed
  | CaseReturnedForRevision
  | CaseRejected
  | RecommendationIssued
  | ExpertPanelFormed
  | ExpertRecused
  | ExpertReplaced
  | ScoresSubmitted
  | ExpertReviewConcluded
  | DefenseScheduled
  | DefenseResultRecorded
  | SiteVisitScheduled
  | SiteVisitResultRecorded
  | PublicityStarted
  | ObjectionRaised
  | ObjectionResolved
  | PublicityEnded
  | ApprovalGranted
  | ProgressReportFiled
  | ProgressEvaluated
  | ProgressReportDue
  | ProgressReportMissed
  | PilotRevoked
  | PilotCompleted
  | CaseResumed
  | StageOverdueMarked
  | StageReminderSent
  | StageDueMoved
  | CaseUrged
  | PaperCopiesReceived
  | AttachmentAdded;

export type CaseEventType = CaseEvent['type'];
