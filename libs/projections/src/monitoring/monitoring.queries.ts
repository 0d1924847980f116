/**
 * Monitoring query: the approved cases (zones) of a program with what the monitoring read model keeps of them, as
 * the viewer may see them (a city: the zones involving it, a joint zone as a partner too; the province and
 * administrators: all). Periods, statuses and risks depend on today and are the API's monitoring view's work.
 */
import type { Db } from '../projection-runner';
import type { Visibility } from '../case-list/case-list.queries';
import { MONITORING_TABLES as T } from './monitoring.projection';
import { stmt } from '../shared/statements';

export interface MonitoredReport {
  reportId: string;
  period: string;
  filedAt: string;
  /** The sum of the report's per-project investment to date (万元). */
  investedToDate: number;
}

export interface MonitoredRating {
  period: string;
  level: 'city' | 'province';
  cityCode?: string;
  rating: string;
}

export interface MonitoredRectification {
  period: string;
  dueOn: string;
  /** open: ordered and not judged yet; passed / failed: as a later province evaluation judged it. */
  status: 'open' | 'passed' | 'failed';
}

export interface MonitoredZone {
  caseId: string;
  programId: string;
  workflow: { key: string; version: number };
  unitName: string;
  cityCode: string;
  cities: string[];
  /** The reply letter's date (ApprovalGranted.repliedOn). */
  approvedOn: string;
  /** When the approval was recorded: report periods are counted from here, as the scheduler counts them. */
  approvedAt: string;
  ended?: { as: 'revoked' | 'completed'; at: string };
  /** Sum of the key projects' total investment in the application (万元). */
  planned: number;
  /** The latest report's investment to date, summed (万元); 0 before any report. */
  investedToDate: number;
  reports: MonitoredReport[];
  /** In the order given. */
  ratings: MonitoredRating[];
  /** In the order ordered. */
  rectifications: MonitoredRectification[];
}

interface ZoneRow {
  case_id: string;
  program_id: string;
  wf_key: string;
  wf_version: number;
  unit_name: string;
  city_code: string;
  cities: string;
  planned: number;
  approved_on: string;
  approved_at: string;
  ended: 'revoked' | 'completed' | null;
  ended_at: string | null;
  invested_to_date: number;
  reports: string;
  ratings: string;
  rectifications: string;
}

export function monitoredProgramExists(db: Db, programId: string): boolean {
  return stmt<[string], { n: number }>(db, `SELECT 1 AS n FROM ${T.programs} WHERE program_id = ?`).get(programId) !== undefined;
}

/** Province and administrators see every zone, a city the zones involving it; nobody else any. */
function zoneScope(v: Visibility): { sql: string; params: unknown[] } {
  if (v.role === 'province' || v.role === 'admin') return { sql: '1', params: [] };
  if (v.role === 'city' && v.cityCode) return { sql: 'EXISTS (SELECT 1 FROM json_each(cities) WHERE json_each.value = ?)', params: [v.cityCode] };
  return { sql: '0', params: [] };
}

/** The program's zones the viewer may see, in the order they were approved. */
export function monitoredZones(db: Db, programId: string, visibility: Visibility): MonitoredZone[] {
  const scope = zoneScope(visibility);
  const zones = stmt<unknown[], ZoneRow>(
    db,
    `SELECT * FROM ${T.cases} WHERE program_id = ? AND approved_position IS NOT NULL AND ${scope.sql} ORDER BY approved_position`,
  ).all(programId, ...scope.params);
  return zones.map((z) => ({
    caseId: z.case_id,
    programId: z.program_id,
    workflow: { key: z.wf_key, version: z.wf_version },
    unitName: z.unit_name,
    cityCode: z.city_code,
    cities: JSON.parse(z.cities) as string[],
    approvedOn: z.approved_on,
    approvedAt: z.approved_at,
    ...(z.ended !== null && z.ended_at !== null ? { ended: { as: z.ended, at: z.ended_at } } : {}),
    planned: z.planned,
    investedToDate: z.invested_to_date,
    reports: JSON.parse(z.reports) as MonitoredReport[],
    ratings: JSON.parse(z.ratings) as MonitoredRating[],
    rectifications: JSON.parse(z.rectifications) as MonitoredRectification[],
  }));
}
