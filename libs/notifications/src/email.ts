/**
 * A notice as one e-mail to one user: what an e-mail job carries. Rendered when the job is made, so the worker only
 * sends, and a retried job sends the same words.
 */
import type { Notice, NoticeKind } from './notice.types';
import type { Recipient } from './recipients';

export interface EmailJobData {
  noticeId: string;
  kind: NoticeKind;
  caseId: string;
  /** The scope key the notice was addressed to. */
  recipientKey: string;
  userId: string;
  to: string;
  subject: string;
  text: string;
  eventId: string;
  /** When the event behind the notice happened. */
  noticeAt: string;
}

/**
 * `nt-<noticeId>-<userId>`: the same notice for the same user is one job, whoever enqueues it how often. BullMQ
 * refuses `:` in custom ids; user ids are `[A-Za-z0-9_.-]` already, anything else is replaced to be safe.
 */
export const emailJobId = (noticeId: string, userId: string): string => `nt-${noticeId}-${userId.replace(/[^A-Za-z0-9_.-]/g, '_')}`;

/** Subject `中文 | English`; body Chinese first, then English, under one greeting each. */
export function renderEmail(notice: Notice, to: Recipient): EmailJobData {
  const text = [
    `${to.displayName}：`,
    '',
    notice.body.zh,
    '',
    '——',
    '',
    `Dear ${to.displayName},`,
    '',
    notice.body.en,
    '',
    `(${notice.caseId} · ${notice.kind})`,
    '',
  ].join('\n');
  return {
    noticeId: notice.noticeId,
    kind: notice.kind,
    caseId: notice.caseId,
    recipientKey: notice.recipientKey,
    userId: to.userId,
    to: to.email,
    subject: `${notice.subject.zh} | ${notice.subject.en}`,
    text,
    eventId: notice.eventId,
    noticeAt: notice.at,
  };
}
