/**
 * Notices: inbox rows an event gives once (unlike work, which is re-derived from the state after every event). The
 * kinds and recipients are the domain's (`noticesOf`, libs/domain/src/case/case.notices.ts), the same the e-mail
 * notices come from; this module only gives the domain the case as the inbox keeps it, and leaves out the notices
 * the inbox shows as work rows instead (INBOX_WORK_NOTICES: a return for revision, an ordered rectification).
 *
 * The domain reads the case before the event, and of it the parties, the cities and the holder. The inbox keeps the
 * state after the event; for the events that give notices the three are the same before and after (none of them
 * changes the parties or cities, and the only ones whose holder may be read, marks and reminders that name none,
 * do not move the case), so the state after serves.
 */
import { INBOX_WORK_NOTICES, holderOf, noticesOf, type NoticeEventLike, type NoticeScope } from '@shenbao/domain';
import type { CaseStep } from '../shared/case-states';
import { filedReports, type InboxCaseInfo, type InboxKind, type WorkItem } from './inbox.work';

export type NoticeKind = Extract<
  InboxKind,
  'assignment' | 'reminder' | 'urge' | 'due-moved' | 'overdue' | 'escalation' | 'publicity-started' | 'publicity-ended' | 'approval' | 'report-due' | 'report-overdue'
>;

/** The case's applicant side for notices: the lead applicant's key first, then the joint partners'. */
export interface NoticeCaseInfo extends InboxCaseInfo {
  parties: string[];
}

/** The case as the domain's notice rule reads it, from the inbox's state after the event and its case row. */
export function inboxNoticeScope(step: Pick<CaseStep, 'stage' | 'substate' | 'after'>, info: NoticeCaseInfo): NoticeScope {
  const { context } = step.after;
  const holder = holderOf({ stage: step.stage, substate: step.substate, cities: context.cities, context, reports: filedReports(info.reports) });
  return { parties: info.parties, cities: context.cities, holder };
}

/** The notice rows this event gives. */
export function noticesFor(event: NoticeEventLike, step: Pick<CaseStep, 'stage' | 'substate' | 'after'>, info: NoticeCaseInfo): WorkItem[] {
  return noticesOf(event, inboxNoticeScope(step, info))
    .filter((n) => INBOX_WORK_NOTICES[n.kind] === undefined)
    .flatMap((n) => n.recipients.map((recipient) => ({ kind: n.kind as NoticeKind, recipient, detail: n.detail })));
}
