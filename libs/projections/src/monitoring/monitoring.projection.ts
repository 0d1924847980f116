/**
 * Post-approval monitoring read model (`GET /programs/:id/monitoring`): per approved case (a pilot zone) when and
 * under which workflow version it was approved, its key projects' planned investment, the reports filed (with the
 * investment to date each gives), the city and province ratings per period and the rectifications ordered. One row
 * per case, the lists as JSON on it: a program's monitoring is one indexed range of rows, whatever its size.
 *
 * It follows the case events directly, without the workflow machine: every event here was accepted by the machine
 * when it was decided (ApprovalGranted only in approval, reports and evaluations only after it), so the types alone
 * say what happened. Report periods and their statuses depend on the clock and are worked out when read (see the
 * API's monitoring view), from what is kept here.
 */
import type { StoredEvent } from '@shenbao/event-store';
import type { Projection, Db } from '../projection-runner';
import type { CaseCreatedData, ProgressEvaluatedData, ProgressReportFiledData } from '../shared/event-data';
import type { MonitoredRating, MonitoredRectification, MonitoredReport } from './monitoring.queries';
import { caseIdOf, programIdOf } from '../shared/streams';
import { stmt } from '../shared/statements';

export const MONITORING_TABLES = {
  programs: 'monitoring_programs',
  cases: 'monitoring_cases',
} as const;

const T = MONITORING_TABLES;

/** Money in 万元 with at most 2 decimals: sums are rounded back to cents so 0.1 + 0.2 stays 0.3. */
export const cents = (n: number): number => Math.round(n * 100) / 100;

interface KeyProjectsData {
  application?: { keyProjects?: { totalInvestment?: unknown }[]; cover?: { unitName?: unknown } };
}

/** The lists kept on a zone's row. */
interface Lists {
  reports: MonitoredReport[];
  ratings: MonitoredRating[];
  rectifications: MonitoredRectification[];
}

export class MonitoringProjection implements Projection {
  readonly name = 'monitoring';
  readonly version = 1;

  setup(db: Db): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${T.programs} (program_id TEXT PRIMARY KEY, position INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS ${T.cases} (
        case_id TEXT PRIMARY KEY, program_id TEXT NOT NULL, wf_key TEXT NOT NULL, wf_version INTEGER NOT NULL,
        unit_name TEXT NOT NULL, city_code TEXT NOT NULL, cities TEXT NOT NULL, planned REAL NOT NULL,
        approved_on TEXT, approved_at TEXT, approved_position INTEGER, ended TEXT, ended_at TEXT,
        invested_to_date REAL NOT NULL DEFAULT 0,
        reports TEXT NOT NULL DEFAULT '[]', ratings TEXT NOT NULL DEFAULT '[]', rectifications TEXT NOT NULL DEFAULT '[]');
      CREATE INDEX IF NOT EXISTS monitoring_cases_zones ON ${T.cases} (program_id, approved_position);
    `);
  }

  reset(db: Db): void {
    for (const table of Object.values(T)) db.exec(`DROP TABLE IF EXISTS ${table}`);
  }

  apply(db: Db, event: StoredEvent): void {
    const programId = programIdOf(event.stream);
    if (programId !== undefined) {
      if (event.type === 'ProgramCreated') stmt(db, `INSERT OR IGNORE INTO ${T.programs} (program_id, position) VALUES (?, ?)`).run(programId, event.position);
      return;
    }
    const caseId = caseIdOf(event.stream);
    if (caseId === undefined) return;
    const at = event.metadata.at;
    switch (event.type) {
      case 'CaseCreated': {
        const d = event.data as CaseCreatedData;
        stmt(
          db,
          `INSERT INTO ${T.cases} (case_id, program_id, wf_key, wf_version, unit_name, city_code, cities, planned)
           VALUES (?, ?, ?, ?, ?, ?, ?, 0)`,
        ).run(caseId, d.programId, d.workflow.key, d.workflow.version, d.applicant.unitName, d.applicant.cityCode, JSON.stringify(d.cities));
        return;
      }
      case 'ApplicationSaved': {
        const app = (event.data as KeyProjectsData).application;
        const name = app?.cover?.unitName;
        const planned = cents((app?.keyProjects ?? []).reduce((sum, p) => sum + (typeof p.totalInvestment === 'number' ? p.totalInvestment : 0), 0));
        stmt(db, `UPDATE ${T.cases} SET planned = ?, unit_name = COALESCE(?, unit_name) WHERE case_id = ?`).run(
          planned,
          typeof name === 'string' && name.trim() !== '' ? name : null,
          caseId,
        );
        return;
      }
      case 'CaseSubmitted': {
        const cities = (event.data as { cities?: string[] }).cities ?? [];
        if (cities.length > 0) stmt(db, `UPDATE ${T.cases} SET cities = ? WHERE case_id = ?`).run(JSON.stringify(cities), caseId);
        return;
      }
      case 'ApprovalGranted': {
        const { repliedOn } = event.data as { repliedOn: string };
        stmt(db, `UPDATE ${T.cases} SET approved_on = ?, approved_at = ?, approved_position = ? WHERE case_id = ?`).run(repliedOn, at, event.position, caseId);
        return;
      }
      case 'ProgressReportFiled': {
        const d = event.data as ProgressReportFiledData;
        const toDate = cents(d.projects.reduce((sum, p) => sum + p.investedToDate, 0));
        // The latest report is the zone's investment to date (reports are filed in time order).
        this.update(db, caseId, (l) => l.reports.push({ reportId: d.reportId, period: d.period, filedAt: at, investedToDate: toDate }), toDate);
        return;
      }
      case 'ProgressEvaluated':
        this.update(db, caseId, (l) => evaluated(l, event.data as ProgressEvaluatedData));
        return;
      case 'PilotRevoked':
      case 'PilotCompleted':
        stmt(db, `UPDATE ${T.cases} SET ended = ?, ended_at = ? WHERE case_id = ?`).run(event.type === 'PilotRevoked' ? 'revoked' : 'completed', at, caseId);
        return;
      default:
        return;
    }
  }

  /** Changes the zone's lists (and its investment to date, when given). */
  private update(db: Db, caseId: string, change: (lists: Lists) => void, investedToDate?: number): void {
    const row = stmt<[string], { reports: string; ratings: string; rectifications: string }>(
      db,
      `SELECT reports, ratings, rectifications FROM ${T.cases} WHERE case_id = ?`,
    ).get(caseId);
    if (!row) throw new Error(`an event of case ${caseId}, which was never created`);
    const lists: Lists = { reports: JSON.parse(row.reports), ratings: JSON.parse(row.ratings), rectifications: JSON.parse(row.rectifications) };
    change(lists);
    stmt(
      db,
      `UPDATE ${T.cases} SET reports = ?, ratings = ?, rectifications = ?, invested_to_date = COALESCE(?, invested_to_date) WHERE case_id = ?`,
    ).run(JSON.stringify(lists.reports), JSON.stringify(lists.ratings), JSON.stringify(lists.rectifications), investedToDate ?? null, caseId);
  }
}

/**
 * A rating; a province evaluation also judges the rectification still open (the machine's rule: a rating other than
 * fail closes it as passed; a fail leaves it failed), and a province fail with a due day orders a new one.
 */
function evaluated(lists: Lists, d: ProgressEvaluatedData): void {
  lists.ratings.push({ period: d.period, level: d.level, ...(d.cityCode !== undefined ? { cityCode: d.cityCode } : {}), rating: d.rating });
  if (d.level !== 'province') return;
  for (const r of lists.rectifications) if (r.status === 'open') r.status = d.rating === 'fail' ? 'failed' : 'passed';
  if (d.rectificationDueOn !== undefined) lists.rectifications.push({ period: d.period, dueOn: d.rectificationDueOn, status: 'open' });
}
