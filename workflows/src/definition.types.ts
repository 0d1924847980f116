/**
 * The shape of a workflow definition: versioned, immutable data that configures the case lifecycle of a program.
 * Validation (with messages naming the field) lives in definition.schema.ts; the shipped versions in definitions/.
 */

/** Every stage a case can be in. The order of the main line is fixed; `defense` and `siteVisit` can be switched off. */
export const STAGES = [
  'draft',
  'cityAudit',
  'recommendation',
  'expertReview',
  'defense',
  'siteVisit',
  'publicity',
  'approval',
  'progressEvaluation',
  'cultivation',
  'withdrawn',
  'rejected',
  'notSelected',
  'revoked',
  'completed',
] as const;
export type Stage = (typeof STAGES)[number];

/** Each stage's name in Chinese, as notices and inbox titles show it (the English texts use the stage key). */
export const STAGE_NAMES_ZH: Record<Stage, string> = {
  draft: '起草',
  cityAudit: '市级审核',
  recommendation: '推荐',
  expertReview: '专家评审',
  defense: '答辩',
  siteVisit: '现场考察',
  publicity: '公示',
  approval: '批复',
  progressEvaluation: '跟踪评估',
  cultivation: '培育',
  withdrawn: '已撤回',
  rejected: '不予推荐',
  notSelected: '未入选',
  revoked: '已撤销',
  completed: '已验收',
};

/** The Chinese name of a stage; an unknown key is shown as given. */
export const stageNameZh = (stage: string): string => (STAGE_NAMES_ZH as Record<string, string>)[stage] ?? stage;

export const TERMINAL_STAGES = ['withdrawn', 'rejected', 'notSelected', 'revoked', 'completed'] as const satisfies readonly Stage[];
export type TerminalStage = (typeof TERMINAL_STAGES)[number];

/** Stages that can carry a time limit (the ones where someone owes work). */
export const TIMED_STAGES = [
  'draft',
  'cityAudit',
  'recommendation',
  'expertReview',
  'defense',
  'siteVisit',
  'approval',
  'cultivation',
] as const satisfies readonly Stage[];
export type TimedStage = (typeof TIMED_STAGES)[number];

/** Stages an upheld objection may send a case back to. */
export const RETURNABLE_STAGES = ['expertReview', 'defense', 'siteVisit'] as const satisfies readonly Stage[];
export type ReturnableStage = (typeof RETURNABLE_STAGES)[number];

/** Stages whose "defer" outcome parks a case in `cultivation` (resume returns it to the same stage). */
export const DEFERRABLE_STAGES = ['expertReview', 'defense', 'siteVisit'] as const satisfies readonly Stage[];
export type DeferrableStage = (typeof DEFERRABLE_STAGES)[number];

export type DurationUnit = 'calendar' | 'working';

/** ISO 8601 duration (`P7D`, `PT2S`, `P1M`) counted in calendar time or in official PRC working days. */
export interface DurationSpec {
  duration: string;
  unit: DurationUnit;
}

/** Per-stage configuration. `enabled` applies to `defense` and `siteVisit` only (default true). */
export interface StageConfig {
  enabled?: boolean;
  timeLimit?: DurationSpec;
  /** Durations *before* the due time at which reminders go out (ISO 8601, same unit as the limit). */
  reminders?: string[];
  /**
   * SLA clock: when true (the default) a return for revision starts a fresh limit on the next entry;
   * when false the elapsed time of earlier entries counts against the limit.
   */
  resetOnReturn?: boolean;
}

export interface RubricCriterion {
  id: string;
  name: string;
  /** Maximum points for this criterion; the maxima of a rubric sum to the rubric's maximum. */
  max: number;
}

export type Aggregation = 'mean' | 'trimmedMean';
export type Rating = 'excellent' | 'good' | 'pass' | 'fail';
export const RATINGS: readonly Rating[] = ['excellent', 'good', 'pass', 'fail'];

export interface MonitoringPolicy {
  /** Report cadence, ISO 8601 duration (`P6M` for half-yearly). */
  reportEvery: string;
  /** Allowed ratings, best first. */
  ratings: Rating[];
  /** Grace after a report falls due before it counts as missed. */
  reportGrace?: string;
  /** Missed reports in a row that count as a failed evaluation. */
  missedReportsAsFail: number;
  /** Rectification periods a failing zone gets before the province may revoke on the next failure. */
  rectificationRounds: number;
}

export interface WorkflowDefinition {
  key: string;
  version: number;
  name: string;
  /**
   * Per-stage settings: `defense` / `siteVisit` may be switched off (`enabled: false`); any timed stage may carry a
   * time limit and reminders. A stage without a time limit has no deadline. The main line's order is fixed.
   */
  stages: Partial<Record<TimedStage, StageConfig>>;
  panel: { size: number; aggregation: Aggregation };
  rubric: RubricCriterion[];
  /** Aggregated expert score needed to pass expert review (same scale as the rubric's total). */
  passThreshold: number;
  /** Pass mark for a defense score, when a score is given. */
  defensePassThreshold?: number;
  publicity: DurationSpec;
  monitoring: MonitoringPolicy;
  /** Conflict-of-interest policy (回避); both on by default. */
  recusal: { homeCity: boolean; employer: boolean };
  /** IANA time zone that dates (`YYYY-MM-DD`) are read in; Asia/Shanghai for Guangdong. */
  timeZone: string;
}
