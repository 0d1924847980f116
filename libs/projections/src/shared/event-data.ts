/** Payload types of the events the read models read, taken from the domain's stored contract. */
import type {
  ApprovalRecorded,
  CaseCreated,
  CaseReturnedForRevision,
  ProgramCreated,
  ProgressEvaluated,
  ProgressReportFiled,
  PublicityBatchOpened,
  RecommendationSlotReleased,
  RecommendationSlotUsed,
  StageOverdueMarked,
} from '@shenbao/domain';

export type CaseCreatedData = CaseCreated['data'];
export type CaseReturnedData = CaseReturnedForRevision['data'];
export type ProgressReportFiledData = ProgressReportFiled['data'];
export type ProgressEvaluatedData = ProgressEvaluated['data'];
export type StageOverdueMarkedData = StageOverdueMarked['data'];
export type ProgramCreatedData = ProgramCreated['data'];
export type SlotUsedData = RecommendationSlotUsed['data'];
export type SlotReleasedData = RecommendationSlotReleased['data'];
export type PublicityBatchOpenedData = PublicityBatchOpened['data'];
export type ApprovalRecordedData = ApprovalRecorded['data'];

/** The unit name an ApplicationSaved's cover gives, when it gives one (an empty name keeps the earlier one). */
export function savedUnitName(data: unknown): string | undefined {
  const name = (data as { application?: { cover?: { unitName?: unknown } } }).application?.cover?.unitName;
  return typeof name === 'string' && name.trim() !== '' ? name : undefined;
}
