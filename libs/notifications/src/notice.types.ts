/**
 * Notices: what a case event tells which recipients. A recipient is a scope key, the same keys the inbox read
 * model uses (`province`, `city:<code>`, `expert:<id>`, `applicant:<city>:<district|->`), resolved to users with an
 * e-mail address only when a notice is sent.
 */

import type { CaseHolder, NoticeKind } from '@shenbao/domain';

/** The kinds and recipients come from the domain (case.notices.ts); this library gives them texts and sends them. */
export type { NoticeKind } from '@shenbao/domain';
export { PROVINCE_KEY, applicantKey, cityKey, expertKey } from '@shenbao/domain';

export const NOTICE_KINDS: readonly NoticeKind[] = [
  'assignment',
  'returned-for-revision',
  'reminder',
  'overdue',
  'escalation',
  'urge',
  'due-moved',
  'publicity-started',
  'publicity-ended',
  'approval',
  'rectification',
  'report-due',
  'report-overdue',
];

export interface Bilingual {
  zh: string;
  en: string;
}

export interface Notice {
  /** Deterministic from the event id, the kind and the recipient: a replayed event names the same notices. No `:`. */
  noticeId: string;
  kind: NoticeKind;
  caseId: string;
  /** Scope key of the recipient (see above). */
  recipientKey: string;
  subject: Bilingual;
  body: Bilingual;
  /** The event the notice comes from. */
  eventId: string;
  /** When that event happened (its metadata.at). */
  at: string;
}

/** A case party as notices need it: who applies (applicant unit) and where. */
export interface NoticeParty {
  cityCode: string;
  districtCode?: string;
}

/**
 * What noticesFor needs to know about the case beyond the event: the case just before the event. Built from the
 * domain's CaseState by `noticeContextOf`, or by hand in tests.
 */
export interface NoticeContext {
  caseId: string;
  unitName: string;
  /** The applicant first, then joint partners. */
  parties: NoticeParty[];
  /** Every city involved. */
  cities: string[];
  /** The stage the case is in (before the event). */
  stage?: string;
  /** Who held the case before the event (the domain's currentHolder): older events that name none are for it. */
  holder?: CaseHolder;
}
