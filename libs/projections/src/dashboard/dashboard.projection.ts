/**
 * Program dashboard read model: what the provincial office watches per program — the funnel (cases per stage and
 * city, from the case machines), recommendations used against each city's limit, approvals against the quota,
 * publicity and approval batches (from the program stream), overdue work by stage and by the role holding it, and
 * the cases ready for publicity.
 */
import type { StoredEvent } from '@shenbao/event-store';
import type { Projection, Db } from '../projection-runner';
import { CaseStates, isOverdue, overdueRoleOf, type ResolveDefinition } from '../shared/case-states';
import type {
  ApprovalRecordedData,
  CaseCreatedData,
  ProgramCreatedData,
  PublicityBatchOpenedData,
  SlotReleasedData,
  SlotUsedData,
} from '../shared/event-data';
import { programIdOf } from '../shared/streams';
import { stmt } from '../shared/statements';

export const DASHBOARD_TABLES = {
  programs: 'dashboard_programs',
  cases: 'dashboard_cases',
  slots: 'dashboard_slots',
  publicity: 'dashboard_publicity_batches',
  approvals: 'dashboard_approvals',
} as const;

const T = DASHBOARD_TABLES;

export class DashboardProjection implements Projection {
  readonly name = 'dashboard';
  /** 2: overdue_role (overdue work by role); paper_copies (the paper-copy register). */
  readonly version = 2;
  private readonly states: CaseStates;

  constructor(resolveDefinition: ResolveDefinition) {
    this.states = new CaseStates('dashboard', resolveDefinition);
  }

  setup(db: Db): void {
    this.states.setup(db);
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${T.programs} (
        program_id TEXT PRIMARY KEY, key TEXT NOT NULL, name TEXT NOT NULL, regions TEXT NOT NULL,
        quota_min INTEGER NOT NULL, quota_max INTEGER NOT NULL, position INTEGER NOT NULL,
        paper_copies INTEGER NOT NULL DEFAULT 0);
      CREATE TABLE IF NOT EXISTS ${T.cases} (
        case_id TEXT PRIMARY KEY, program_id TEXT NOT NULL, cities TEXT NOT NULL, stage TEXT NOT NULL,
        substate TEXT, overdue INTEGER NOT NULL, overdue_role TEXT, entered_position INTEGER NOT NULL, paper_copies INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX IF NOT EXISTS dashboard_cases_program ON ${T.cases} (program_id, stage);
      CREATE TABLE IF NOT EXISTS ${T.slots} (
        program_id TEXT NOT NULL, case_id TEXT NOT NULL, city_code TEXT NOT NULL, PRIMARY KEY (program_id, case_id, city_code));
      CREATE TABLE IF NOT EXISTS ${T.publicity} (
        batch_id TEXT PRIMARY KEY, program_id TEXT NOT NULL, case_ids TEXT NOT NULL, starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL, position INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS ${T.approvals} (
        program_id TEXT NOT NULL, case_id TEXT NOT NULL, batch_no INTEGER NOT NULL, replied_on TEXT NOT NULL,
        position INTEGER NOT NULL, PRIMARY KEY (program_id, case_id));
    `);
  }

  reset(db: Db): void {
    this.states.reset(db);
    for (const table of Object.values(T)) db.exec(`DROP TABLE IF EXISTS ${table}`);
  }

  apply(db: Db, event: StoredEvent): void {
    const programId = programIdOf(event.stream);
    if (programId !== undefined) {
      this.applyProgramEvent(db, programId, event);
      return;
    }
    const step = this.states.step(db, event);
    if (!step) return;
    const row = {
      case_id: step.caseId,
      stage: step.stage,
      substate: step.substate ?? null,
      overdue: isOverdue(step.after) ? 1 : 0,
      overdue_role: overdueRoleOf(step),
      cities: JSON.stringify(step.after.context.cities),
      position: event.position,
    };
    if (event.type === 'CaseCreated') {
      const d = event.data as CaseCreatedData;
      stmt(
        db,
        `INSERT INTO ${T.cases} (case_id, program_id, cities, stage, substate, overdue, overdue_role, entered_position)
         VALUES (@case_id, @program_id, @cities, @stage, @substate, @overdue, @overdue_role, @position)`,
      ).run({ ...row, program_id: d.programId });
      return;
    }
    // entered_position orders "ready for publicity" by when a case got there: it moves on stage or substate change.
    stmt(
      db,
      `UPDATE ${T.cases} SET
         entered_position = CASE WHEN stage IS @stage AND substate IS @substate THEN entered_position ELSE @position END,
         stage = @stage, substate = @substate, overdue = @overdue, overdue_role = @overdue_role, cities = @cities, paper_copies = paper_copies + @copies
       WHERE case_id = @case_id`,
    ).run({ ...row, copies: event.type === 'PaperCopiesReceived' ? (event.data as { copies: number }).copies : 0 });
  }

  private applyProgramEvent(db: Db, programId: string, event: StoredEvent): void {
    switch (event.type) {
      case 'ProgramCreated': {
        const d = event.data as ProgramCreatedData;
        stmt(
          db,
          `INSERT INTO ${T.programs} (program_id, key, name, regions, quota_min, quota_max, position, paper_copies)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(programId, d.key, d.name, JSON.stringify(d.regions), d.quota.min, d.quota.max, event.position, d.paperwork?.paperCopies ?? 0);
        return;
      }
      case 'RecommendationSlotUsed': {
        const d = event.data as SlotUsedData;
        stmt(db, `INSERT OR IGNORE INTO ${T.slots} (program_id, case_id, city_code) VALUES (?, ?, ?)`).run(
          programId,
          d.caseId,
          d.cityCode,
        );
        return;
      }
      case 'RecommendationSlotReleased': {
        const d = event.data as SlotReleasedData;
        stmt(db, `DELETE FROM ${T.slots} WHERE program_id = ? AND case_id = ? AND city_code = ?`).run(
          programId,
          d.caseId,
          d.cityCode,
        );
        return;
      }
      case 'PublicityBatchOpened': {
        const d = event.data as PublicityBatchOpenedData;
        stmt(
          db,
          `INSERT INTO ${T.publicity} (batch_id, program_id, case_ids, starts_at, ends_at, position) VALUES (?, ?, ?, ?, ?, ?)`,
        ).run(d.batchId, programId, JSON.stringify(d.caseIds), d.startsAt, d.endsAt, event.position);
        return;
      }
      case 'ApprovalRecorded': {
        const d = event.data as ApprovalRecordedData;
        stmt(
          db,
          `INSERT INTO ${T.approvals} (program_id, case_id, batch_no, replied_on, position) VALUES (?, ?, ?, ?, ?)`,
        ).run(programId, d.caseId, d.batchNo, d.repliedOn, event.position);
        return;
      }
      default:
        // CaseRegistered, CaseClosed and future program events change nothing shown here (stages come from cases).
        return;
    }
  }
}
