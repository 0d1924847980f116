/**
 * Case list read model: one row per case with what lists filter and scope on (program, stage, cities, parties,
 * panel, overdue). Stage, substate, entry and overdue come from the case's workflow machine.
 */
import type { StoredEvent } from '@shenbao/event-store';
import type { Projection, Db } from '../projection-runner';
import { CaseStates, activePanel, isOverdue, type ResolveDefinition } from '../shared/case-states';
import { savedUnitName, type CaseCreatedData } from '../shared/event-data';
import { stmt } from '../shared/statements';

export const CASE_LIST_TABLE = 'case_list';

/** Party keys match how accounts are scoped: `<cityCode>:<districtCode>` for a district, `<cityCode>:` for a city. */
export const partyKey = (cityCode: string, districtCode?: string): string => `${cityCode}:${districtCode ?? ''}`;

export class CaseListProjection implements Projection {
  readonly name = 'case-list';
  readonly version = 1;
  private readonly states: CaseStates;

  constructor(resolveDefinition: ResolveDefinition) {
    this.states = new CaseStates('case_list', resolveDefinition);
  }

  setup(db: Db): void {
    this.states.setup(db);
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${CASE_LIST_TABLE} (
        id TEXT PRIMARY KEY,
        program_id TEXT NOT NULL,
        stage TEXT NOT NULL,
        substate TEXT,
        applicant TEXT NOT NULL,
        partners TEXT NOT NULL,
        cities TEXT NOT NULL,
        party_keys TEXT NOT NULL,
        unit_name TEXT NOT NULL,
        panel TEXT NOT NULL,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        revision INTEGER NOT NULL,
        last_position INTEGER NOT NULL,
        created_position INTEGER NOT NULL UNIQUE,
        entry INTEGER NOT NULL,
        overdue INTEGER NOT NULL
      );
      CREATE INDEX IF NOT EXISTS case_list_program ON ${CASE_LIST_TABLE} (program_id, created_position);
    `);
  }

  reset(db: Db): void {
    this.states.reset(db);
    db.exec(`DROP TABLE IF EXISTS ${CASE_LIST_TABLE}`);
  }

  apply(db: Db, event: StoredEvent): void {
    const step = this.states.step(db, event);
    if (!step) return;
    const common = {
      id: step.caseId,
      stage: step.stage,
      substate: step.substate ?? null,
      cities: JSON.stringify(step.after.context.cities),
      panel: JSON.stringify(activePanel(step.after)),
      updated_at: event.metadata.at,
      revision: event.revision,
      last_position: event.position,
      entry: step.after.context.entry,
      overdue: isOverdue(step.after) ? 1 : 0,
    };
    if (event.type === 'CaseCreated') {
      const d = event.data as CaseCreatedData;
      const parties = [d.applicant, ...d.partners].map((p) => partyKey(p.cityCode, p.districtCode));
      stmt(
        db,
        `INSERT INTO ${CASE_LIST_TABLE} (id, program_id, stage, substate, applicant, partners, cities, party_keys,
           unit_name, panel, created_by, created_at, updated_at, revision, last_position, created_position, entry, overdue)
         VALUES (@id, @program_id, @stage, @substate, @applicant, @partners, @cities, @party_keys, @unit_name, @panel,
           @created_by, @created_at, @updated_at, @revision, @last_position, @created_position, @entry, @overdue)`,
      ).run({
        ...common,
        program_id: d.programId,
        applicant: JSON.stringify(d.applicant),
        partners: JSON.stringify(d.partners),
        party_keys: JSON.stringify([...new Set(parties)]),
        unit_name: d.applicant.unitName,
        created_by: d.createdBy,
        created_at: event.metadata.at,
        created_position: event.position,
      });
      return;
    }
    const unitName = event.type === 'ApplicationSaved' ? savedUnitName(event.data) : undefined;
    stmt(
      db,
      `UPDATE ${CASE_LIST_TABLE} SET stage = @stage, substate = @substate, cities = @cities, panel = @panel,
         updated_at = @updated_at, revision = @revision, last_position = @last_position, entry = @entry,
         overdue = @overdue, unit_name = COALESCE(@unit_name, unit_name)
       WHERE id = @id`,
    ).run({ ...common, unit_name: unitName ?? null });
  }
}
