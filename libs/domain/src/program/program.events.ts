/**
 * Program events: the stored contract of a program stream (`program-<id>`). The program stream is where cross-case
 * rules live (city recommendation limits, one open city-level case per city, the approval quota, publicity and
 * approval batches), so a command that consumes a slot appends here and to the case stream in one atomic write.
 * Names are past tense and never renamed.
 */
import type { ApplicantLevel } from '../case/case.events';

type Ev<T extends string, D> = { type: T; data: D };

export interface DistrictInfo {
  code: string;
  name: string;
}

export interface RegionInfo {
  cityCode: string;
  name: string;
  /** How many district-level cases the city may recommend in this program. */
  limit: number;
  districts: DistrictInfo[];
}

export interface TaskInfo {
  code: string;
  name: string;
}

export interface ProgramSettings {
  key: string;
  name: string;
  workflow: { key: string; version: number };
  regions: RegionInfo[];
  tasks: TaskInfo[];
  minTasks: number;
  quota: { min: number; max: number };
  /** Inclusive dates (`YYYY-MM-DD`) read in Asia/Shanghai. */
  window: { opensOn: string; closesOn: string };
  targetDate: string;
  /** The program's paperwork (API.md "Additions"); absent: no scan is required and no paper copies are counted. */
  paperwork?: PaperworkSettings;
}

/**
 * What paper the program asks for: a scan of the sealed 申报书 (`sealedApplication`) before the applicant submits, the
 * city's sealed 推荐函 scan (`recommendationLetter`) before it recommends, and how many paper copies of the application
 * are to be received (一式五份: 5; 0 for none).
 */
export interface PaperworkSettings {
  sealedApplicationBeforeSubmit: boolean;
  recommendationLetterScan: boolean;
  paperCopies: number;
}

/** Why a case left the pipeline; `withdrawn` and `rejected` free the places the case held. */
export type CaseClosedOutcome = 'withdrawn' | 'rejected' | 'notSelected' | 'revoked' | 'completed';

export type ProgramCreated = Ev<'ProgramCreated', ProgramSettings & { programId: string }>;
/** A city-level case holds its city's one open city-level place from here until it is withdrawn or rejected. */
export type CaseRegistered = Ev<'CaseRegistered', {
  caseId: string;
  level: ApplicantLevel;
  cityCode: string;
  districtCode?: string;
  cities: string[];
}>;
export type RecommendationSlotUsed = Ev<'RecommendationSlotUsed', { caseId: string; cityCode: string }>;
export type RecommendationSlotReleased = Ev<'RecommendationSlotReleased', { caseId: string; cityCode: string; reason: string }>;
export type CaseClosed = Ev<'CaseClosed', { caseId: string; outcome: CaseClosedOutcome }>;
export type PublicityBatchOpened = Ev<'PublicityBatchOpened', { batchId: string; caseIds: string[]; startsAt: string; endsAt: string }>;
/** `replyLetterNo` was added later (absent in older events, whose numbers the uniqueness rule cannot see). */
export type ApprovalRecorded = Ev<'ApprovalRecorded', { caseId: string; batchNo: number; repliedOn: string; replyLetterNo?: string }>;
/**
 * A city issued a recommendation letter (any level of case, slot or not): its number stays taken in that city for the
 * whole program, even when the case is later withdrawn (the letter exists on paper).
 */
export type RecommendationLetterRecorded = Ev<'RecommendationLetterRecorded', { caseId: string; cityCode: string; letterNo: string; issuedOn: string }>;

/** A case of the program that has not reached the province yet when the window is about to close. */
export interface PendingCase {
  caseId: string;
  cityCode: string;
  stage: 'draft' | 'cityAudit' | 'recommendation';
}
/** Sent a few days before the window closes (reminder); `pendingCases` are the unsent cases at that moment. */
export type ProgramWindowClosing = Ev<'ProgramWindowClosing', { closesOn: string; pendingCases: PendingCase[] }>;
/** The window's last day is over. `windowOpen` (by date) stays the rule; this event makes the close visible. */
export type ProgramWindowClosed = Ev<'ProgramWindowClosed', { closesOn: string }>;

export type ProgramEvent =
  | ProgramCreated
  | CaseRegistered
  | RecommendationSlotUsed
  | RecommendationSlotReleased
  | CaseClosed
  | PublicityBatchOpened
  | ApprovalRecorded
  | RecommendationLetterRecorded
  | ProgramWindowClosing
  | ProgramWindowClosed;

export type ProgramEventType = ProgramEvent['type'];
