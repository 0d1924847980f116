/**
 * The rows of 待办: each inbox item with its case's current due date (`GET /inbox` gives each item's case — stage,
 * when that stage is due, the overdue mark — read with the page, so the list needs no request per case), sorted by
 * that date — items without one last, ties by arrival. "Overdue" is the engine's mark on the case (set when the
 * stage's deadline fired, on the server's clock), not a guess from the browser's clock.
 */
import type { InboxItem } from '../api/types';

export type InboxCase = NonNullable<InboxItem['case']>;

export interface InboxRow {
  item: InboxItem;
  case?: InboxCase;
  dueAt?: string;
  overdue: boolean;
}

const NEVER = Number.POSITIVE_INFINITY;

export function inboxRows(items: InboxItem[]): InboxRow[] {
  const rows: InboxRow[] = items.map((item) => {
    const c = item.case ?? undefined;
    return { item, ...(c ? { case: c } : {}), ...(c?.dueAt ? { dueAt: c.dueAt } : {}), overdue: !!c?.overdue };
  });
  const due = (r: InboxRow) => (r.dueAt === undefined ? NEVER : Date.parse(r.dueAt));
  return rows.sort((a, b) => due(a) - due(b) || Date.parse(a.item.createdAt) - Date.parse(b.item.createdAt));
}
