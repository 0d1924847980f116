/**
 * Case list queries: filters, keyset pagination (newest case first, keyed by the position of its CaseCreated) and
 * scoping to what the caller may see — the same rules as the domain's case visibility, plus an applicant's own drafts.
 */
import type { HolderRole } from '@shenbao/domain';
import type { Stage } from '@shenbao/workflows';
import type { Db } from '../projection-runner';
import { clampLimit, decodeCursor, toPage, type Page } from '../shared/paging';
import { CASE_LIST_TABLE, CASE_SEARCH_TABLE, partyKey } from './case-list.projection';
import { stmt } from '../shared/statements';
import { after as afterKey, decodeSortCursor, encodeSortCursor, orderBy, sortValue, type CaseSort } from './case-list.sort';

export type ViewerRole = 'admin' | 'province' | 'city' | 'applicant' | 'expert';

export interface Visibility {
  role: ViewerRole;
  cityCode?: string;
  districtCode?: string;
  expertId?: string;
  userId?: string;
}

export interface ListCasesQuery {
  programId?: string;
  stage?: Stage;
  /** Cases involving this city (applicant's or a partner's). */
  cityCode?: string;
  overdue?: boolean;
  /** Overdue cases held by this role now (see overdueRoleOf); implies overdue. */
  overdueRole?: HolderRole;
  /** Part of the applicant's or a partner's unit name, or of the case id (the case number); case-insensitive for Latin letters. */
  q?: string;
  /** Cases involving this district (the applicant's or a partner's). */
  districtCode?: string;
  /** First submitted on or after this day (`YYYY-MM-DD` in the workflow's time zone). */
  submittedFrom?: string;
  /** First submitted on or before this day. */
  submittedTo?: string;
  /** See case-list.sort.ts; without it, newest case first. */
  sort?: CaseSort;
  visibility: Visibility;
  limit?: number;
  cursor?: string | null;
}

export interface CaseListItem {
  id: string;
  programId: string;
  stage: Stage;
  substate: string | null;
  applicant: { level: 'district' | 'city'; cityCode: string; districtCode?: string; unitName: string };
  partners: { cityCode: string; districtCode?: string; unitName: string }[];
  cities: string[];
  unitName: string;
  /**
   * Experts on the panel who have not recused — as the viewer may know them (experts' identities are the
   * province's): all of them for the province and administrators, an expert only itself, nobody for the others.
   */
  panel: string[];
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  revision: number;
  lastPosition: number;
  overdue: boolean;
  /** The machine's stage-entry counter (deadline ids name it). */
  entry: number;
  /** When the current stage is due (its time limit, or the end of a running publicity period); null when never. */
  dueAt: string | null;
  /** The day of the first submission in the workflow's time zone; null for a case never submitted. */
  submittedOn: string | null;
  /** Paper copies of the application received (一式五份), and how many the program asks for (0: none). */
  paperCopies: { received: number; required: number };
}

interface Row {
  id: string;
  program_id: string;
  stage: string;
  substate: string | null;
  applicant: string;
  partners: string;
  cities: string;
  unit_name: string;
  panel: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  revision: number;
  last_position: number;
  created_position: number;
  entry: number;
  overdue: number;
  due_at: string | null;
  submitted_on: string | null;
  paper_copies: number;
  paper_copies_required: number;
}

/** The panel as the viewer may know it (see CaseListItem.panel). */
function panelFor(panel: string[], v: Visibility): string[] {
  if (v.role === 'province' || v.role === 'admin') return panel;
  return v.role === 'expert' && v.expertId !== undefined ? panel.filter((id) => id === v.expertId) : [];
}

const itemFor = (v: Visibility) => (r: Row): CaseListItem => {
  const item = toItem(r);
  return { ...item, panel: panelFor(item.panel, v) };
};

const toItem = (r: Row): CaseListItem => ({
  id: r.id,
  programId: r.program_id,
  stage: r.stage as Stage,
  substate: r.substate,
  applicant: JSON.parse(r.applicant) as CaseListItem['applicant'],
  partners: JSON.parse(r.partners) as CaseListItem['partners'],
  cities: JSON.parse(r.cities) as string[],
  unitName: r.unit_name,
  panel: JSON.parse(r.panel) as string[],
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  revision: r.revision,
  lastPosition: r.last_position,
  overdue: r.overdue === 1,
  entry: r.entry,
  dueAt: r.due_at,
  submittedOn: r.submitted_on,
  paperCopies: { received: r.paper_copies, required: r.paper_copies_required },
});

const inJson = (column: string): string => `EXISTS (SELECT 1 FROM json_each(${column}) WHERE json_each.value = ?)`;

/** SQL condition (and its parameters) limiting rows to what the viewer may see; `0` when nothing. */
export function visibilityClause(v: Visibility): { sql: string; params: unknown[] } {
  switch (v.role) {
    case 'admin':
    case 'province':
      return { sql: '1', params: [] };
    case 'city':
      return v.cityCode ? { sql: inJson('cities'), params: [v.cityCode] } : { sql: '0', params: [] };
    case 'applicant': {
      const parts: string[] = [];
      const params: unknown[] = [];
      if (v.cityCode) {
        parts.push(inJson('party_keys'));
        params.push(partyKey(v.cityCode, v.districtCode));
      }
      if (v.userId) {
        parts.push('created_by = ?');
        params.push(v.userId);
      }
      return parts.length > 0 ? { sql: `(${parts.join(' OR ')})`, params } : { sql: '0', params: [] };
    }
    case 'expert':
      return v.expertId ? { sql: inJson('panel'), params: [v.expertId] } : { sql: '0', params: [] };
    default: {
      const never: never = v.role;
      return { sql: `0 /* ${String(never)} */`, params: [] };
    }
  }
}

/** `%` and `_` of the caller's text match themselves (LIKE … ESCAPE '\\'). */
const likePattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * `q` as a condition. Three characters or more: the trigram index, a phrase query (a substring, every character
 * literal, Latin letters in either case). Fewer (`天河`, `区`): the trigram index cannot help, so LIKE over
 * `search_text` — walking the rows in the list's order, it stops as soon as a page is full when the text is common,
 * and reads every row only when it is rare.
 */
function searchCondition(q: string): { sql: string; param: string } {
  if ([...q].length >= 3) return { sql: `created_position IN (SELECT rowid FROM ${CASE_SEARCH_TABLE} WHERE ${CASE_SEARCH_TABLE} MATCH ?)`, param: `"${q.replace(/"/g, '""')}"` };
  return { sql: "search_text LIKE ? ESCAPE '\\'", param: likePattern(q) };
}

function filters(query: ListCasesQuery): { where: string[]; params: unknown[] } {
  const scope = visibilityClause(query.visibility);
  const where: string[] = [scope.sql];
  const params: unknown[] = [...scope.params];
  const add = (sql: string, value: unknown): void => {
    where.push(sql);
    params.push(value);
  };
  if (query.programId !== undefined) add('program_id = ?', query.programId);
  if (query.stage !== undefined) add('stage = ?', query.stage);
  if (query.cityCode !== undefined) add(inJson('cities'), query.cityCode);
  if (query.districtCode !== undefined) {
    add("EXISTS (SELECT 1 FROM json_each(party_keys) WHERE substr(json_each.value, instr(json_each.value, ':') + 1) = ?)", query.districtCode);
  }
  if (query.overdue !== undefined) add('overdue = ?', query.overdue ? 1 : 0);
  if (query.overdueRole !== undefined) add('overdue_role = ?', query.overdueRole);
  if (query.q !== undefined) {
    const search = searchCondition(query.q);
    add(search.sql, search.param);
  }
  if (query.submittedFrom !== undefined) add('submitted_on >= ?', query.submittedFrom);
  if (query.submittedTo !== undefined) add('submitted_on <= ?', query.submittedTo);
  return { where, params };
}

export function listCases(db: Db, query: ListCasesQuery): Page<CaseListItem> {
  const limit = clampLimit(query.limit);
  const { where, params } = filters(query);
  const sort = query.sort;
  if (sort === undefined) {
    const before = decodeCursor(query.cursor);
    if (before !== undefined) {
      where.push('created_position < ?');
      params.push(before);
    }
    const sql = `SELECT * FROM ${CASE_LIST_TABLE} WHERE ${where.join(' AND ')} ORDER BY created_position DESC LIMIT ?`;
    const rows = stmt<unknown[], Row>(db, sql).all(...params, limit + 1);
    return toPage(rows, limit, (r) => r.created_position, itemFor(query.visibility));
  }
  const key = decodeSortCursor(sort, query.cursor);
  if (key !== undefined) {
    const next = afterKey(sort, key);
    where.push(next.sql);
    params.push(...next.params);
  }
  const sql = `SELECT * FROM ${CASE_LIST_TABLE} WHERE ${where.join(' AND ')} ORDER BY ${orderBy(sort)} LIMIT ?`;
  const rows = stmt<unknown[], Row>(db, sql).all(...params, limit + 1);
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept[kept.length - 1];
  return {
    items: kept.map(itemFor(query.visibility)),
    nextCursor: more && last !== undefined ? encodeSortCursor(sort, { v: sortValue(sort, last), k: last.created_position }) : null,
  };
}

/** One case's row when the viewer may see it. */
export function findCase(db: Db, id: string, visibility: Visibility): CaseListItem | undefined {
  const scope = visibilityClause(visibility);
  const row = stmt<unknown[], Row>(db, `SELECT * FROM ${CASE_LIST_TABLE} WHERE id = ? AND ${scope.sql}`).get(id, ...scope.params);
  return row && itemFor(visibility)(row);
}

/**
 * The rows of several cases the viewer may see, by id, in one statement (the inbox's page of work names up to a
 * page of cases: reading them one by one would be a query per item). Ids it may not see are simply absent.
 */
export function findCases(db: Db, ids: readonly string[], visibility: Visibility): Map<string, CaseListItem> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const scope = visibilityClause(visibility);
  const sql = `SELECT * FROM ${CASE_LIST_TABLE} WHERE id IN (SELECT value FROM json_each(?)) AND ${scope.sql}`;
  const rows = stmt<unknown[], Row>(db, sql).all(JSON.stringify(unique), ...scope.params);
  return new Map(rows.map((r) => [r.id, itemFor(visibility)(r)]));
}
