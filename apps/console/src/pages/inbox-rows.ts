/**
 * The rows of 待办: each inbox item with its case's current due date (the earliest deadline of the stage the case
 * is in), sorted by that date — items without one last, ties by arrival. "Overdue" is the engine's mark on the case
 * (set when the stage's deadline fired, on the server's clock), not a guess from the browser's clock.
 */
import type { CaseDetail, InboxItem } from '../api/types';

export interface InboxRow {
  item: InboxItem;
  detail?: CaseDetail;
  dueAt?: string;
  overdue: boolean;
}

export function currentDue(detail: CaseDetail | undefined): string | undefined {
  return detail?.deadlines
    .filter((d) => d.stage === detail.stage)
    .map((d) => d.dueAt)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

const NEVER = Number.POSITIVE_INFINITY;

export function inboxRows(items: InboxItem[], details: Map<string, CaseDetail>): InboxRow[] {
  const rows = items.map((item) => {
    const detail = details.get(item.caseId);
    return { item, detail, dueAt: currentDue(detail), overdue: !!detail?.overdue };
  });
  const due = (r: InboxRow) => (r.dueAt === undefined ? NEVER : Date.parse(r.dueAt));
  return rows.sort((a, b) => due(a) - due(b) || Date.parse(a.item.createdAt) - Date.parse(b.item.createdAt));
}
