/** Inbox query: `GET /inbox` — rows addressed to the caller's user id or to a role-and-scope key it holds. */
import type { Db } from '../projection-runner';
import { clampLimit, decodeCursor, toPage, type Page } from '../shared/paging';
import type { ViewerRole } from '../case-list/case-list.queries';
import { INBOX_TABLE } from './inbox.projection';
import { PROVINCE, applicantKey, cityKey, expertKey, type InboxKind } from './inbox.work';
import { stmt } from '../shared/statements';

export interface InboxActor {
  userId: string;
  role: ViewerRole;
  cityCode?: string;
  districtCode?: string;
  expertId?: string;
}

export interface InboxOptions {
  includeDone?: boolean;
  limit?: number;
  cursor?: string | null;
}

export interface InboxItem {
  id: string;
  recipient: string;
  caseId: string;
  programId: string;
  kind: InboxKind;
  title: { zh: string; en: string };
  createdAt: string;
  done: boolean;
  doneAt: string | null;
}

interface Row {
  seq: number;
  id: string;
  recipient: string;
  case_id: string;
  program_id: string;
  kind: string;
  title_zh: string;
  title_en: string;
  created_at: string;
  done: number;
  done_at: string | null;
}

/** The recipient keys an actor reads: its own user id plus its role's scope key. */
export function recipientKeys(actor: InboxActor): string[] {
  const keys = [actor.userId];
  switch (actor.role) {
    case 'province':
      keys.push(PROVINCE);
      break;
    case 'city':
      if (actor.cityCode) keys.push(cityKey(actor.cityCode));
      break;
    case 'applicant':
      if (actor.cityCode) keys.push(applicantKey(actor.cityCode, actor.districtCode));
      break;
    case 'expert':
      if (actor.expertId) keys.push(expertKey(actor.expertId));
      break;
    case 'admin':
      break;
    default: {
      const never: never = actor.role;
      return never;
    }
  }
  return keys;
}

const toItem = (r: Row): InboxItem => ({
  id: r.id,
  recipient: r.recipient,
  caseId: r.case_id,
  programId: r.program_id,
  kind: r.kind as InboxKind,
  title: { zh: r.title_zh, en: r.title_en },
  createdAt: r.created_at,
  done: r.done === 1,
  doneAt: r.done_at,
});

/** Newest first; open rows only unless includeDone. */
export function inboxFor(db: Db, actor: InboxActor, options: InboxOptions = {}): Page<InboxItem> {
  const limit = clampLimit(options.limit);
  const after = decodeCursor(options.cursor);
  const keys = recipientKeys(actor);
  const where = [`recipient IN (${keys.map(() => '?').join(', ')})`];
  const params: unknown[] = [...keys];
  if (!options.includeDone) where.push('done = 0');
  if (after !== undefined) {
    where.push('seq < ?');
    params.push(after);
  }
  const sql = `SELECT seq, id, recipient, case_id, program_id, kind, title_zh, title_en, created_at, done, done_at
    FROM ${INBOX_TABLE} WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT ?`;
  const rows = stmt<unknown[], Row>(db, sql).all(...params, limit + 1);
  return toPage(rows, limit, (r) => r.seq, toItem);
}
