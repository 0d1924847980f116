/**
 * The dashboard's figures from `GET /programs/:id/dashboard` (and the program's names, quota and target date), in
 * the shape its charts and tables draw, each with the search it links to.
 */
import type { components } from '../../api/schema';
import type { ProgramView } from '../review/data';
import { HOLDER_ROLES, searchLink } from './filters';
import type { HolderRole } from './filters';

export type Dashboard = components['schemas']['Dashboard'];
export type Stage = keyof Dashboard['funnel'];
/** The stages in the order a case goes through them; the ends (withdrawn … completed) last. */
export const STAGE_ORDER: Stage[] = ['draft', 'cityAudit', 'recommendation', 'expertReview', 'defense', 'siteVisit', 'publicity', 'approval', 'progressEvaluation', 'cultivation', 'completed', 'revoked', 'withdrawn', 'rejected', 'notSelected'];

export interface StageRow {
  stage: Stage;
  count: number;
  link: string;
}
export interface RoleRow {
  role: HolderRole;
  count: number;
  link: string;
}
export interface CityRow {
  cityCode: string;
  name: string;
  recommended: number;
  limit: number;
  link: string;
}
export interface ApprovalPoint {
  caseId: string;
  repliedOn: string;
  batchNo: number;
  /** Approvals granted up to and including this one. */
  total: number;
}

/** Every stage that holds a case, in the order of the workflow. */
export function funnelRows(d: Dashboard): StageRow[] {
  return STAGE_ORDER.filter((s) => d.funnel[s] > 0).map((stage) => ({ stage, count: d.funnel[stage], link: searchLink({ programId: d.programId, stage }) }));
}

export function overdueRows(d: Dashboard): StageRow[] {
  return STAGE_ORDER.filter((s) => d.overdueByStage[s] > 0).map((stage) => ({ stage, count: d.overdueByStage[stage], link: searchLink({ programId: d.programId, stage, overdue: true }) }));
}

/** Every role holding overdue work, applicant → province, each linking to those cases. */
export function overdueRoleRows(d: Dashboard): RoleRow[] {
  return HOLDER_ROLES.filter((r) => d.overdueByRole[r] > 0).map((role) => ({ role, count: d.overdueByRole[role], link: searchLink({ programId: d.programId, overdue: true, overdueRole: role }) }));
}

export function cityRows(d: Dashboard, program: ProgramView | undefined): CityRow[] {
  const names = new Map((program?.regions ?? []).map((r) => [r.cityCode, r.name]));
  return d.cities.map((c) => ({ cityCode: c.cityCode, name: names.get(c.cityCode) ?? c.cityCode, recommended: c.recommended, limit: c.limit, link: searchLink({ programId: d.programId, cityCode: c.cityCode }) }));
}

/** One point per approval, in the order granted (batch by batch, each batch's cases in its order). */
export function approvalPoints(d: Dashboard): ApprovalPoint[] {
  const batches = [...d.approvalBatches].sort((a, b) => a.repliedOn.localeCompare(b.repliedOn) || a.batchNo - b.batchNo);
  let total = 0;
  return batches.flatMap((b) => b.caseIds.map((caseId) => ({ caseId, repliedOn: b.repliedOn, batchNo: b.batchNo, total: ++total })));
}
