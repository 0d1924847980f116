/**
 * Case list read model: one row per case with what lists filter, search, sort and scope on (program, stage, cities,
 * parties, panel, overdue, unit names, first submission day, the current stage's due time, paper copies received
 * and required). Stage, substate, entry and overdue come from the case's workflow machine.
 */
import { dateIn } from '@shenbao/domain';
import type { StoredEvent } from '@shenbao/event-store';
import type { Projection, Db } from '../projection-runner';
import { CaseStates, activePanel, isOverdue, overdueRoleOf, type CaseStep, type ResolveDefinition } from '../shared/case-states';
import { savedUnitName, type CaseCreatedData, type ProgramCreatedData } from '../shared/event-data';
import { stmt } from '../shared/statements';
import { searchText, type EarlierStays, type StageDue } from './case-list.due';

export const CASE_LIST_TABLE = 'case_list';
/**
 * FTS5 with the trigram tokenizer over the search text (rowid = the case's created_position): `q` of three characters
 * or more is answered from its index (CJK has no word breaks, trigrams give substring search); shorter ones scan
 * `search_text` (see case-list.queries.ts).
 */
export const CASE_SEARCH_TABLE = 'case_list_search';
/** Each program's paper copies (一式五份: its `paperwork.paperCopies`), copied onto its cases' rows when they are created. */
export const CASE_LIST_PROGRAMS_TABLE = 'case_list_programs';

/** Party keys match how accounts are scoped: `<cityCode>:<districtCode>` for a district, `<cityCode>:` for a city. */
export const partyKey = (cityCode: string, districtCode?: string): string => `${cityCode}:${districtCode ?? ''}`;

export class CaseListProjection implements Projection {
  readonly name = 'case-list';
  /** 4: overdue_role (the overdue-by-role filter); paper_copies and paper_copies_required (the paper-copy register). */
  readonly version = 4;
  private readonly states: CaseStates;

  constructor(
    resolveDefinition: ResolveDefinition,
    private readonly stageDue: StageDue,
  ) {
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
        overdue INTEGER NOT NULL,
        overdue_role TEXT,
        search_text TEXT NOT NULL,
        submitted_on TEXT,
        entered_at TEXT NOT NULL,
        earlier TEXT NOT NULL,
        due_at TEXT,
        paper_copies INTEGER NOT NULL DEFAULT 0,
        paper_copies_required INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS ${CASE_LIST_PROGRAMS_TABLE} (program_id TEXT PRIMARY KEY, paper_copies INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS case_list_program ON ${CASE_LIST_TABLE} (program_id, created_position);
      CREATE INDEX IF NOT EXISTS case_list_updated ON ${CASE_LIST_TABLE} (updated_at, created_position);
      CREATE INDEX IF NOT EXISTS case_list_due ON ${CASE_LIST_TABLE} (due_at, created_position);
      CREATE INDEX IF NOT EXISTS case_list_unit_name ON ${CASE_LIST_TABLE} (unit_name, created_position);
      CREATE INDEX IF NOT EXISTS case_list_submitted ON ${CASE_LIST_TABLE} (submitted_on);
      CREATE VIRTUAL TABLE IF NOT EXISTS ${CASE_SEARCH_TABLE} USING fts5(text, tokenize = 'trigram');
    `);
  }

  reset(db: Db): void {
    this.states.reset(db);
    db.exec(`DROP TABLE IF EXISTS ${CASE_LIST_TABLE}; DROP TABLE IF EXISTS ${CASE_SEARCH_TABLE}; DROP TABLE IF EXISTS ${CASE_LIST_PROGRAMS_TABLE};`);
  }

  apply(db: Db, event: StoredEvent): void {
    if (event.type === 'ProgramCreated') {
      const d = event.data as ProgramCreatedData;
      stmt(db, `INSERT OR REPLACE INTO ${CASE_LIST_PROGRAMS_TABLE} (program_id, paper_copies) VALUES (?, ?)`).run(d.programId, d.paperwork?.paperCopies ?? 0);
      return;
    }
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
      overdue_role: overdueRoleOf(step),
    };
    if (event.type === 'CaseCreated') {
      const d = event.data as CaseCreatedData;
      const parties = [d.applicant, ...d.partners].map((p) => partyKey(p.cityCode, p.districtCode));
      const text = searchText(d.applicant.unitName, d.partners, step.caseId);
      stmt(db, `INSERT INTO ${CASE_SEARCH_TABLE} (rowid, text) VALUES (?, ?)`).run(event.position, text);
      stmt(
        db,
        `INSERT INTO ${CASE_LIST_TABLE} (id, program_id, stage, substate, applicant, partners, cities, party_keys,
           unit_name, panel, created_by, created_at, updated_at, revision, last_position, created_position, entry, overdue,
           overdue_role, search_text, submitted_on, entered_at, earlier, due_at, paper_copies, paper_copies_required)
         VALUES (@id, @program_id, @stage, @substate, @applicant, @partners, @cities, @party_keys, @unit_name, @panel,
           @created_by, @created_at, @updated_at, @revision, @last_position, @created_position, @entry, @overdue,
           @overdue_role, @search_text, NULL, @updated_at, '{}', @due_at, 0,
           COALESCE((SELECT paper_copies FROM ${CASE_LIST_PROGRAMS_TABLE} WHERE program_id = @program_id), 0))`,
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
        search_text: text,
        due_at: this.stageDue(step.definition, { caseId: step.caseId, stage: step.stage, entry: common.entry, enteredAt: event.metadata.at, earlier: [] }),
      });
      return;
    }
    const row = stmt<[string], KeptRow>(
      db,
      `SELECT stage, entry, unit_name, partners, entered_at, earlier, due_at, submitted_on, created_position FROM ${CASE_LIST_TABLE} WHERE id = ?`,
    ).get(step.caseId);
    if (!row) throw new Error(`${event.type} at ${event.position} for case ${step.caseId} that is not in the list`);
    const unitName = (event.type === 'ApplicationSaved' ? savedUnitName(event.data) : undefined) ?? row.unit_name;
    const partners = JSON.parse(row.partners) as { unitName: string }[];
    const text = searchText(unitName, partners, step.caseId);
    if (unitName !== row.unit_name) stmt(db, `UPDATE ${CASE_SEARCH_TABLE} SET text = ? WHERE rowid = ?`).run(text, row.created_position);
    const submittedOn = row.submitted_on ?? (event.type === 'CaseSubmitted' ? dateIn(new Date(event.metadata.at), step.definition.timeZone) : null);
    const copies = event.type === 'PaperCopiesReceived' ? (event.data as { copies: number }).copies : 0;
    stmt(
      db,
      `UPDATE ${CASE_LIST_TABLE} SET stage = @stage, substate = @substate, cities = @cities, panel = @panel,
         updated_at = @updated_at, revision = @revision, last_position = @last_position, entry = @entry,
         overdue = @overdue, overdue_role = @overdue_role, unit_name = @unit_name, search_text = @search_text, submitted_on = @submitted_on,
         entered_at = @entered_at, earlier = @earlier, due_at = @due_at, paper_copies = paper_copies + @copies
       WHERE id = @id`,
    ).run({ ...common, unit_name: unitName, search_text: text, submitted_on: submittedOn, copies, ...this.stageTimes(row, step, event) });
  }

  /**
   * The stage entry's start, earlier stays and due time after the event: a new entry is planned from the event's
   * time (charging earlier stays in that stage when its limit does not reset on return); a running publicity period
   * is due at its end; a published holiday arrangement that moved the entry's due time (StageDueMoved) moves it.
   */
  private stageTimes(row: KeptRow, step: CaseStep, event: StoredEvent): { entered_at: string; earlier: string; due_at: string | null } {
    const at = event.metadata.at;
    const entry = step.after.context.entry;
    if (entry !== row.entry || step.stage !== row.stage) {
      const stays = JSON.parse(row.earlier) as EarlierStays;
      stays[row.stage] = [...(stays[row.stage] ?? []), { enteredAt: row.entered_at, leftAt: at }];
      const earlier = stays[step.stage] ?? [];
      const due = this.stageDue(step.definition, { caseId: step.caseId, stage: step.stage, entry, enteredAt: at, earlier });
      return { entered_at: at, earlier: JSON.stringify(stays), due_at: due };
    }
    const kept = { entered_at: row.entered_at, earlier: row.earlier };
    if (event.type === 'PublicityStarted') return { ...kept, due_at: (event.data as { endsAt: string }).endsAt };
    if (event.type === 'StageDueMoved') {
      const d = event.data as { entry: number; to: string };
      if (d.entry === entry) return { ...kept, due_at: d.to };
    }
    return { ...kept, due_at: row.due_at };
  }
}

interface KeptRow {
  stage: string;
  entry: number;
  unit_name: string;
  partners: string;
  entered_at: string;
  earlier: string;
  due_at: string | null;
  submitted_on: string | null;
  created_position: number;
}
