/**
 * Inbox read model: pending work and notices per recipient. After every case event the case's open work (from
 * inbox.work.ts) is diffed against its open rows: work no longer owed is marked done, new work gets a row. Work
 * keys include the stage entry, so leaving a stage (or re-entering it) always retires the previous entry's rows.
 * Notices (inbox.notices.ts: assignment, reminder, urge, overdue and escalation, publicity start and end,
 * approval) are rows too, given once by their event; they are done when their stage entry ends. Row ids are the
 * case, the event's log position, the kind and the recipient, so a rebuild gives the very same rows.
 */
import type { StoredEvent } from '@shenbao/event-store';
import type { Projection, Db } from '../projection-runner';
import type { PersistedCaseState } from '@shenbao/workflows';
import { activePanel, CaseStates, type CaseStep, type ResolveDefinition } from '../shared/case-states';
import { savedUnitName, type CaseCreatedData, type ProgressEvaluatedData, type ProgressReportFiledData } from '../shared/event-data';
import { noticesFor, type NoticeCaseInfo } from './inbox.notices';
import { applicantKey, cityKey, expertKey, titleFor, workFor, type PendingReport, type WorkItem } from './inbox.work';
import type { ProgramWindowClosing } from '@shenbao/domain';
import { stmt } from '../shared/statements';

export const INBOX_TABLE = 'inbox_items';
const CASES = 'inbox_cases';

interface CaseRow {
  program_id: string;
  unit_name: string;
  applicant_key: string;
  parties: string;
  returned: number;
  reports: string;
}

interface OpenRow {
  seq: number;
  work_key: string | null;
  entry: number;
  kind: string;
  recipient: string;
}

type CaseInfo = NoticeCaseInfo & { programId: string };

/** A notice lasts as long as its stage entry; an assignment only while the expert is still on the panel. */
function noticeOpen(row: OpenRow, entry: number, state: PersistedCaseState): boolean {
  if (row.entry !== entry) return false;
  return row.kind !== 'assignment' || activePanel(state).some((id) => expertKey(id) === row.recipient);
}

const workKey = (entry: number, w: WorkItem): string => `${entry}|${w.kind}|${w.recipient}|${w.detail}`;

export class InboxProjection implements Projection {
  readonly name = 'inbox';
  /**
   * 2: inbox_cases keeps every party's key (notices reach joint partners too). 4: notices from the domain's
   * noticesOf; a report filed again keeps its period's evaluations.
   */
  readonly version = 4;
  private readonly states: CaseStates;

  constructor(resolveDefinition: ResolveDefinition) {
    this.states = new CaseStates('inbox', resolveDefinition);
  }

  setup(db: Db): void {
    this.states.setup(db);
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${CASES} (
        case_id TEXT PRIMARY KEY, program_id TEXT NOT NULL, unit_name TEXT NOT NULL, applicant_key TEXT NOT NULL,
        parties TEXT NOT NULL, returned INTEGER NOT NULL, reports TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS ${INBOX_TABLE} (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        recipient TEXT NOT NULL,
        case_id TEXT NOT NULL,
        program_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        work_key TEXT,
        entry INTEGER NOT NULL,
        title_zh TEXT NOT NULL,
        title_en TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_position INTEGER NOT NULL,
        done INTEGER NOT NULL,
        done_at TEXT
      );
      CREATE INDEX IF NOT EXISTS inbox_recipient ON ${INBOX_TABLE} (recipient, done, seq);
      CREATE INDEX IF NOT EXISTS inbox_case_open ON ${INBOX_TABLE} (case_id, done);
    `);
  }

  reset(db: Db): void {
    this.states.reset(db);
    db.exec(`DROP TABLE IF EXISTS ${INBOX_TABLE}; DROP TABLE IF EXISTS ${CASES};`);
  }

  apply(db: Db, event: StoredEvent): void {
    if (event.type === 'ProgramWindowClosing') return this.windowClosing(db, event);
    if (event.type === 'ProgramWindowClosed') return this.windowClosed(db, event);
    const step = this.states.step(db, event);
    if (!step) return;
    const info = this.updateCase(db, step, event);
    const work = workFor(step.stage, step.substate, step.after, info);
    // Stale timers and repeats never reach the log (the decider drops them), so each notice event is new. Notices go
    // in first so that the work an event opens is the newest row.
    for (const n of noticesFor(event, step, info)) this.insert(db, step, event, info, n, null);
    this.reconcile(db, step, event, info, work);
  }

  /** Once the window has closed, the reminders that it was closing are answered: nothing can be sent any more. */
  private windowClosed(db: Db, event: StoredEvent): void {
    const programId = event.stream.replace(/^program-/, '');
    stmt(db, `UPDATE ${INBOX_TABLE} SET done = 1, done_at = ? WHERE program_id = ? AND kind = 'window-closing' AND done = 0`).run(
      event.metadata.at,
      programId,
    );
  }

  /**
   * From the program stream: each city holding an unsent case hears of it, one row per case, filed under the case's
   * current stage entry (so it is done once the case moves on, e.g. is submitted or recommended).
   */
  private windowClosing(db: Db, event: StoredEvent): void {
    const { pendingCases } = event.data as ProgramWindowClosing['data'];
    for (const p of pendingCases) {
      const row = stmt<[string], CaseRow>(db, `SELECT * FROM ${CASES} WHERE case_id = ?`).get(p.caseId);
      const state = stmt<[string], { state: string }>(db, `SELECT state FROM inbox_case_states WHERE case_id = ?`).get(p.caseId);
      if (!row || !state) continue;
      const entry = (JSON.parse(state.state) as PersistedCaseState).context.entry;
      const recipient = cityKey(p.cityCode);
      const title = titleFor('window-closing', '', p.stage, row.unit_name);
      stmt(
        db,
        `INSERT OR IGNORE INTO ${INBOX_TABLE} (id, recipient, case_id, program_id, kind, work_key, entry, title_zh, title_en,
           created_at, created_position, done)
         VALUES (?, ?, ?, ?, 'window-closing', NULL, ?, ?, ?, ?, ?, 0)`,
      ).run([p.caseId, event.position, 'window-closing', recipient].join(':'), recipient, p.caseId, row.program_id, entry,
        title.zh, title.en, event.metadata.at, event.position);
    }
  }

  private updateCase(db: Db, step: CaseStep, event: StoredEvent): CaseInfo {
    const caseId = step.caseId;
    if (event.type === 'CaseCreated') {
      const d = event.data as CaseCreatedData;
      const lead = applicantKey(d.applicant.cityCode, d.applicant.districtCode);
      const parties = [...new Set([lead, ...d.partners.map((p) => applicantKey(p.cityCode, p.districtCode))])];
      stmt(
        db,
        `INSERT INTO ${CASES} (case_id, program_id, unit_name, applicant_key, parties, returned, reports) VALUES (?, ?, ?, ?, ?, 0, '[]')`,
      ).run(caseId, d.programId, d.applicant.unitName, lead, JSON.stringify(parties));
    }
    const row = stmt<[string], CaseRow>(db, `SELECT * FROM ${CASES} WHERE case_id = ?`).get(caseId)!;
    const info: CaseInfo = {
      programId: row.program_id,
      unitName: row.unit_name,
      applicantKey: row.applicant_key,
      parties: JSON.parse(row.parties) as string[],
      returned: row.returned === 1,
      reports: JSON.parse(row.reports) as PendingReport[],
    };
    switch (event.type) {
      case 'CaseReturnedForRevision':
        info.returned = true;
        break;
      case 'CaseSubmitted':
        info.returned = false;
        break;
      case 'ApplicationSaved': {
        const name = savedUnitName(event.data);
        if (name === undefined) return info;
        info.unitName = name;
        break;
      }
      case 'ProgressReportFiled': {
        const { period } = event.data as ProgressReportFiledData;
        // A report filed again for a period (a correction) keeps the period's evaluations: the domain refuses a
        // second evaluation of a period by the same city or the province, so none is owed again (case.holder.ts).
        // Filing order counts (the first report awaiting evaluation is the one owed), so the period goes last.
        const known = info.reports.find((r) => r.period === period);
        if (known === undefined || known.filed === false) {
          const { filed: _unfiled, ...evaluated } = known ?? { period, cities: [], province: false };
          info.reports = [...info.reports.filter((r) => r.period !== period), evaluated];
        }
        // The period's due / missed notices are answered (row ids end with `:<period>`, see insert).
        stmt(
          db,
          `UPDATE ${INBOX_TABLE} SET done = 1, done_at = ? WHERE case_id = ? AND done = 0 AND work_key IS NULL
             AND kind IN ('report-due', 'report-overdue', 'escalation') AND substr(id, -length(?)) = ?`,
        ).run(event.metadata.at, caseId, `:${period}`, `:${period}`);
        break;
      }
      case 'ProgressEvaluated': {
        const d = event.data as ProgressEvaluatedData;
        if (!info.reports.some((r) => r.period === d.period)) info.reports = [...info.reports, { period: d.period, cities: [], province: false, filed: false }];
        info.reports = info.reports.map((r) => {
          if (r.period !== d.period) return r;
          if (d.level === 'province') return { ...r, province: true };
          return { ...r, cities: [...new Set([...r.cities, ...(d.cityCode ? [d.cityCode] : step.after.context.cities)])] };
        });
        break;
      }
      default:
        return info;
    }
    stmt(db, `UPDATE ${CASES} SET unit_name = ?, returned = ?, reports = ? WHERE case_id = ?`).run(
      info.unitName,
      info.returned ? 1 : 0,
      JSON.stringify(info.reports),
      caseId,
    );
    return info;
  }

  private reconcile(
    db: Db,
    step: CaseStep,
    event: StoredEvent,
    info: CaseInfo,
    work: WorkItem[],
  ): void {
    const entry = step.after.context.entry;
    const wanted = new Map(work.map((w) => [workKey(entry, w), w]));
    const openSql = `SELECT seq, work_key, entry, kind, recipient FROM ${INBOX_TABLE} WHERE case_id = ? AND done = 0`;
    const open = stmt<[string], OpenRow>(db, openSql).all(step.caseId);
    const close = stmt(db, `UPDATE ${INBOX_TABLE} SET done = 1, done_at = ? WHERE seq = ?`);
    for (const row of open) {
      const stillOwed = row.work_key === null ? noticeOpen(row, entry, step.after) : wanted.delete(row.work_key);
      if (!stillOwed) close.run(event.metadata.at, row.seq);
    }
    for (const w of wanted.values()) this.insert(db, step, event, info, w, workKey(entry, w));
  }

  private insert(
    db: Db,
    step: CaseStep,
    event: StoredEvent,
    info: CaseInfo,
    w: WorkItem,
    key: string | null,
  ): void {
    const title = titleFor(w.kind, w.detail, step.stage, info.unitName);
    const id = [step.caseId, event.position, w.kind, w.recipient, w.detail].filter((p) => p !== '').join(':');
    stmt(
      db,
      `INSERT INTO ${INBOX_TABLE} (id, recipient, case_id, program_id, kind, work_key, entry, title_zh, title_en,
         created_at, created_position, done)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
    ).run(id, w.recipient, step.caseId, info.programId, w.kind, key, step.after.context.entry, title.zh, title.en,
      event.metadata.at, event.position);
  }
}
