/**
 * 待办 with what the console shows of each item's case — its unit, stage, when the stage is due and whether the
 * engine marked it overdue — read from the case list for the whole page in one statement. (The console used to
 * open every case of the page, `GET /cases/:id` each, which reads and folds its whole stream: a page of 20 items
 * cost 21 requests and 20 stream reads.)
 */
import type { Stage } from '@shenbao/workflows';
import type { Db } from '../projection-runner';
import type { Page } from '../shared/paging';
import { findCases, type Visibility } from '../case-list/case-list.queries';
import type { InboxItem } from './inbox.queries';

export interface InboxCase {
  unitName: string;
  stage: Stage;
  /**
   * When the case's current stage is due (its time limit in calendar or working days, or the end of a running
   * publicity period) — the instant the engine marks it overdue at; null when the stage has no limit.
   */
  dueAt: string | null;
  overdue: boolean;
}

/** An inbox item with its case as the caller may see it (null when it may not, e.g. a case no longer in its scope). */
export interface InboxEntry extends InboxItem {
  case: InboxCase | null;
}

export function withCases(db: Db, page: Page<InboxItem>, visibility: Visibility): Page<InboxEntry> {
  const cases = findCases(db, page.items.map((i) => i.caseId), visibility);
  return {
    ...page,
    items: page.items.map((item) => {
      const c = cases.get(item.caseId);
      return { ...item, case: c ? { unitName: c.unitName, stage: c.stage, dueAt: c.dueAt, overdue: c.overdue } : null };
    }),
  };
}
