/** Dashboard queries: `GET /programs/:id/dashboard` and `GET /programs/:id/batches`. */
import type { HolderRole } from '@shenbao/domain';
import { STAGES, type Stage } from '@shenbao/workflows';
import type { Db } from '../projection-runner';
import { DASHBOARD_TABLES as T } from './dashboard.projection';
import { stmt } from '../shared/statements';

export type StageCounts = Record<Stage, number>;
/** The roles that can hold a case (case.holder.ts). */
export const HOLDER_ROLES = ['applicant', 'city', 'expert', 'province'] as const satisfies readonly HolderRole[];
export type RoleCounts = Record<(typeof HOLDER_ROLES)[number], number>;

export interface CityQuota {
  cityCode: string;
  name: string;
  /** Recommendation slots in use (released slots of withdrawn or rejected cases no longer count). */
  recommended: number;
  limit: number;
}

export interface PublicityBatchView {
  id: string;
  caseIds: string[];
  startsAt: string;
  endsAt: string;
}

export interface ApprovalBatchView {
  batchNo: number;
  caseIds: string[];
  repliedOn: string;
}

export interface DashboardView {
  programId: string;
  funnel: StageCounts;
  /** Per city (every region of the program), cases per stage; a joint case counts in each city it involves. */
  funnelByCity: Record<string, StageCounts>;
  cities: CityQuota[];
  approvals: { granted: number; min: number; max: number };
  publicityBatches: PublicityBatchView[];
  approvalBatches: ApprovalBatchView[];
  overdue: number;
  overdueByStage: StageCounts;
  /** Overdue cases by the role that holds them now (owes the next step): the same total as overdueByStage. */
  overdueByRole: RoleCounts;
  /** Cases in `publicity.awaiting`, longest waiting first. */
  readyForPublicity: string[];
  /**
   * The paper-copy register (一式五份): the copies the program asks for of each case, and the open cases from the
   * recommendation on (expert review to monitoring, cultivation) that have received fewer, earliest first.
   */
  paperCopies: { required: number; lacking: number; lackingCaseIds: string[] };
}

/** Stages past the recommendation in which a case is still open: its paper copies are due. */
export const PAPER_COPIES_DUE_IN: readonly Stage[] = ['expertReview', 'defense', 'siteVisit', 'publicity', 'approval', 'progressEvaluation', 'cultivation'];

interface ProgramRow {
  program_id: string;
  regions: string;
  quota_min: number;
  quota_max: number;
  paper_copies: number;
}

const zeros = (): StageCounts => Object.fromEntries(STAGES.map((s) => [s, 0])) as StageCounts;

const SQL = {
  program: `SELECT program_id, regions, quota_min, quota_max, paper_copies FROM ${T.programs} WHERE program_id = ?`,
  lackingCopies: `SELECT case_id FROM ${T.cases} WHERE program_id = ? AND paper_copies < ?
    AND stage IN (${PAPER_COPIES_DUE_IN.map((st) => `'${st}'`).join(', ')}) ORDER BY rowid`,
  stages: `SELECT stage, COUNT(*) AS n, SUM(overdue) AS late FROM ${T.cases} WHERE program_id = ? GROUP BY stage`,
  overdueRoles: `SELECT overdue_role AS role, COUNT(*) AS n FROM ${T.cases} WHERE program_id = ? AND overdue_role IS NOT NULL GROUP BY overdue_role`,
  stagesByCity: `SELECT j.value AS city, c.stage AS stage, COUNT(*) AS n FROM ${T.cases} c, json_each(c.cities) j
    WHERE c.program_id = ? GROUP BY j.value, c.stage`,
  slots: `SELECT city_code, COUNT(*) AS n FROM ${T.slots} WHERE program_id = ? GROUP BY city_code`,
  granted: `SELECT COUNT(*) AS n FROM ${T.approvals} WHERE program_id = ?`,
  ready: `SELECT case_id FROM ${T.cases} WHERE program_id = ? AND stage = 'publicity' AND substate = 'awaiting'
    ORDER BY entered_position, case_id`,
  publicity: `SELECT batch_id, case_ids, starts_at, ends_at FROM ${T.publicity} WHERE program_id = ? ORDER BY position`,
  approvals: `SELECT case_id, batch_no, replied_on FROM ${T.approvals} WHERE program_id = ? ORDER BY batch_no, position`,
};

type PublicityRow = { batch_id: string; case_ids: string; starts_at: string; ends_at: string };
type ApprovalRow = { case_id: string; batch_no: number; replied_on: string };

export function getBatches(db: Db, programId: string): { publicity: PublicityBatchView[]; approval: ApprovalBatchView[] } {
  const publicity = stmt<[string], PublicityRow>(db, SQL.publicity)
    .all(programId)
    .map((r) => ({ id: r.batch_id, caseIds: JSON.parse(r.case_ids) as string[], startsAt: r.starts_at, endsAt: r.ends_at }));
  const approval: ApprovalBatchView[] = [];
  for (const r of stmt<[string], ApprovalRow>(db, SQL.approvals).all(programId)) {
    const last = approval[approval.length - 1];
    if (last && last.batchNo === r.batch_no) last.caseIds.push(r.case_id);
    else approval.push({ batchNo: r.batch_no, caseIds: [r.case_id], repliedOn: r.replied_on });
  }
  return { publicity, approval };
}

/** The program's dashboard, or undefined when the program is unknown (to this read model). */
export function getDashboard(db: Db, programId: string): DashboardView | undefined {
  const program = stmt<[string], ProgramRow>(db, SQL.program).get(programId);
  if (!program) return undefined;
  const regions = JSON.parse(program.regions) as { cityCode: string; name: string; limit: number }[];

  const funnel = zeros();
  const overdueByStage = zeros();
  let overdue = 0;
  for (const r of stmt<[string], { stage: Stage; n: number; late: number }>(db, SQL.stages).all(programId)) {
    funnel[r.stage] = r.n;
    overdueByStage[r.stage] = r.late;
    overdue += r.late;
  }

  const overdueByRole = Object.fromEntries(HOLDER_ROLES.map((r) => [r, 0])) as RoleCounts;
  for (const r of stmt<[string], { role: HolderRole; n: number }>(db, SQL.overdueRoles).all(programId)) overdueByRole[r.role] = r.n;

  const funnelByCity: Record<string, StageCounts> = Object.fromEntries(regions.map((r) => [r.cityCode, zeros()]));
  for (const r of stmt<[string], { city: string; stage: Stage; n: number }>(db, SQL.stagesByCity).all(programId)) {
    (funnelByCity[r.city] ??= zeros())[r.stage] = r.n;
  }

  const slots = stmt<[string], { city_code: string; n: number }>(db, SQL.slots).all(programId);
  const used = new Map(slots.map((r) => [r.city_code, r.n]));
  const cities = regions.map((r) => ({ cityCode: r.cityCode, name: r.name, recommended: used.get(r.cityCode) ?? 0, limit: r.limit }));
  const granted = stmt<[string], { n: number }>(db, SQL.granted).get(programId)?.n ?? 0;
  const readyForPublicity = stmt<[string], { case_id: string }>(db, SQL.ready)
    .all(programId)
    .map((r) => r.case_id);
  const batches = getBatches(db, programId);
  const required = program.paper_copies;
  const lackingCaseIds = required > 0 ? stmt<[string, number], { case_id: string }>(db, SQL.lackingCopies).all(programId, required).map((r) => r.case_id) : [];

  return {
    programId,
    funnel,
    funnelByCity,
    cities,
    approvals: { granted, min: program.quota_min, max: program.quota_max },
    publicityBatches: batches.publicity,
    approvalBatches: batches.approval,
    overdue,
    overdueByStage,
    overdueByRole,
    readyForPublicity,
    paperCopies: { required, lacking: lackingCaseIds.length, lackingCaseIds },
  };
}
