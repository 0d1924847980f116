/**
 * The orders `GET /cases` offers and their keyset cursors. Every order ends on `created_position`, which is unique,
 * so it is total and a page boundary is exact however many cases share a sort value.
 *
 * - default (no `sort`): newest case first (`created_position` descending; the cursor of the paging module);
 * - `updatedAt` / `-updatedAt`: by the time of the case's last event, oldest / newest first;
 * - `dueAt`: by the due time of the current stage (its time limit, or the end of a running publicity period),
 *   soonest first; cases without one come last;
 * - `unitName`: by the applicant's unit name in SQLite's BINARY collation, i.e. by Unicode code point (for Chinese
 *   names the order of the characters in the CJK block, not pinyin), which is stable and independent of locale.
 */
import { InvalidCursorError } from '../shared/paging';

export const CASE_SORTS = ['updatedAt', '-updatedAt', 'dueAt', 'unitName'] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

interface SortSpec {
  column: 'updated_at' | 'due_at' | 'unit_name';
  descending: boolean;
  /** Rows without a value (only `due_at` has them) come after every row with one. */
  nullable: boolean;
}

const SPECS: Record<CaseSort, SortSpec> = {
  updatedAt: { column: 'updated_at', descending: false, nullable: false },
  '-updatedAt': { column: 'updated_at', descending: true, nullable: false },
  dueAt: { column: 'due_at', descending: false, nullable: true },
  unitName: { column: 'unit_name', descending: false, nullable: false },
};

/** The position of a row in a sorted list: its sort value and its created_position. */
interface SortKey {
  v: string | null;
  k: number;
}

/** `p`, not the default order's `k`, so neither kind of cursor passes for the other. */
export function encodeSortCursor(sort: CaseSort, key: SortKey): string {
  return Buffer.from(JSON.stringify({ s: sort, v: key.v, p: key.k }), 'utf8').toString('base64url');
}

/** A cursor issued for this same sort, or InvalidCursorError (a cursor of another order or of none is refused). */
export function decodeSortCursor(sort: CaseSort, cursor: string | null | undefined): SortKey | undefined {
  if (cursor === undefined || cursor === null || cursor === '') return undefined;
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { s?: unknown; v?: unknown; p?: unknown };
    const valueOk = typeof c.v === 'string' || (c.v === null && SPECS[sort].nullable);
    if (c.s === sort && valueOk && typeof c.p === 'number' && Number.isSafeInteger(c.p) && c.p >= 0) return { v: c.v as string | null, k: c.p };
  } catch {
    // fall through: any undecodable cursor is the caller's error
  }
  throw new InvalidCursorError();
}

/** ORDER BY of a sort. */
export function orderBy(sort: CaseSort): string {
  const { column, descending, nullable } = SPECS[sort];
  const dir = descending ? 'DESC' : 'ASC';
  return `${nullable ? `${column} IS NULL, ` : ''}${column} ${dir}, created_position ${dir}`;
}

/** The condition for rows after `key` in this sort, and its parameters. */
export function after(sort: CaseSort, key: SortKey): { sql: string; params: unknown[] } {
  const { column, descending } = SPECS[sort];
  const beyond = descending ? '<' : '>';
  if (key.v === null) return { sql: `(${column} IS NULL AND created_position > ?)`, params: [key.k] };
  const nulls = SPECS[sort].nullable ? `${column} IS NULL OR ` : '';
  return {
    sql: `(${nulls}${column} ${beyond} ? OR (${column} = ? AND created_position ${beyond} ?))`,
    params: [key.v, key.v, key.k],
  };
}

/** The sort value of a row (for the next cursor). */
export const sortValue = (sort: CaseSort, row: { updated_at: string; due_at: string | null; unit_name: string }): string | null =>
  row[SPECS[sort].column];
