/**
 * The rows of 待办: each inbox item with its case's current due date (`GET /inbox` gives each item's case — stage,
 * when that stage is due, the overdue mark — read with the page, so the list needs no request per case), sorted by
 * that date — items without one last, ties by arrival. "Overdue" is the engine's mark on the case (set when the
 * stage's deadline fired, on the server's clock), not a guess from the browser's clock.
 */
import type { CaseDetail, InboxItem } from '../api/types';

export type InboxCase = NonNullable<InboxItem['case']>;

export interface InboxRow {
  item: InboxItem;
  case?: InboxCase;
  dueAt?: string;
  overdue: boolean;
}

const NEVER = Number.POSITIVE_INFINITY;

/**
 * The cases whose due time the inbox does not carry: a zone in 跟踪评估 (progressEvaluation) has no time limit of
 * the stage, but its next progress report is due — a deadline of the case that only the case itself
 * (`GET /cases/:id`) lists. Few per user (the approved zones), so 待办 asks for those alone.
 */
export function casesToOpen(items: InboxItem[]): string[] {
  return [...new Set(items.filter((i) => i.case?.stage === 'progressEvaluation' && i.case.dueAt === null).map((i) => i.caseId))];
}

/** The earliest deadline of the stage the case is in (a progress report's due date in 跟踪评估). */
export function currentDue(detail: CaseDetail | undefined): string | undefined {
  return detail?.deadlines
    .filter((d) => d.stage === detail.stage)
    .map((d) => d.dueAt)
    .sort((a, b) => Date.parse(a) - Date.parse(b))[0];
}

export function inboxRows(items: InboxItem[], opened: ReadonlyMap<string, CaseDetail> = new Map()): InboxRow[] {
  const rows: InboxRow[] = items.map((item) => {
    const c = item.case ?? undefined;
    const dueAt = c?.dueAt ?? currentDue(opened.get(item.caseId));
    return { item, ...(c ? { case: c } : {}), ...(dueAt ? { dueAt } : {}), overdue: !!c?.overdue };
  });
  const due = (r: InboxRow) => (r.dueAt === undefined ? NEVER : Date.parse(r.dueAt));
  return rows.sort((a, b) => due(a) - due(b) || Date.parse(a.item.createdAt) - Date.parse(b.item.createdAt));
}
