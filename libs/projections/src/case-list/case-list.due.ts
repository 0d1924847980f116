/**
 * What the case list keeps about the current stage entry so that `GET /cases?sort=dueAt` can order on it: when the
 * entry began, the earlier stays in each stage (a limit that does not reset on return charges them), and the entry's
 * due time. The due-time arithmetic itself (time limits in calendar or official working days) belongs to the
 * scheduler (libs/scheduling), which this library may not import: the app injects it as a `StageDue`.
 */
import type { WorkflowDefinition } from '@shenbao/workflows';

export interface EarlierStay {
  enteredAt: string;
  leftAt: string;
}

export interface StageEntryInfo {
  caseId: string;
  stage: string;
  entry: number;
  enteredAt: string;
  /** Earlier stays in this same stage, oldest first. */
  earlier: EarlierStay[];
}

/**
 * The due time (ISO instant) of a stage entry's time limit, as the scheduler plans its `due` deadline; null when the
 * stage has no limit (or is switched off). Must be pure: the same entry always gives the same answer.
 */
export type StageDue = (definition: WorkflowDefinition, entry: StageEntryInfo) => string | null;

/** For read models built without the scheduler (tests of other concerns): no stage has a due time. */
export const noStageDue: StageDue = () => null;

/** Earlier stays per stage, as stored in the case list (JSON). */
export type EarlierStays = Record<string, EarlierStay[]>;

/**
 * The text `q` searches: the applicant's unit name, the partners' unit names and the case id (the case number), one
 * per line, so a pattern cannot match across two of them.
 */
export const searchText = (unitName: string, partners: { unitName: string }[], caseId: string): string =>
  [unitName, ...partners.map((p) => p.unitName), caseId].join('\n');
