/**
 * The e-mail notices a case event gives: the kinds and recipients are the domain's answer (`noticesOf`,
 * libs/domain/src/case/case.notices.ts, the same the inbox's notice rows come from); this module adds each
 * notice's id and its texts, whose variables it reads from the event (checked at run time: older logs lack fields
 * newer events carry).
 */
import { createHash } from 'node:crypto';
import { noticeText, type NoticeVars } from './notice.texts';
import { applicantKey, noticesOf, type NoticeScope } from '@shenbao/domain';
import type { Notice, NoticeContext, NoticeKind } from './notice.types';

/** The part of a stored event noticesFor reads. */
export interface NoticeEvent {
  id: string;
  type: string;
  data: unknown;
  metadata: { at: string };
}

/** Event types that can give notices (everything else gives none). */
export const NOTICE_EVENT_TYPES = [
  'ExpertPanelFormed',
  'ExpertReplaced',
  'CaseReturnedForRevision',
  'StageOverdueMarked',
  'StageReminderSent',
  'CaseUrged',
  'StageDueMoved',
  'PublicityStarted',
  'PublicityEnded',
  'ApprovalGranted',
  'ProgressEvaluated',
  'ProgressReportDue',
  'ProgressReportMissed',
] as const;

/** sha256(event id, kind, recipient), 32 hex characters: stable across replays, free of `:` for BullMQ job ids. */
export function noticeId(eventId: string, kind: NoticeKind, recipientKey: string): string {
  return createHash('sha256').update(`${eventId}\n${kind}\n${recipientKey}`).digest('hex').slice(0, 32);
}

type Data = Record<string, unknown>;
const asData = (v: unknown): Data => (typeof v === 'object' && v !== null ? (v as Data) : {});
const str = (d: Data, k: string): string | undefined => (typeof d[k] === 'string' && d[k] !== '' ? (d[k] as string) : undefined);
const num = (d: Data, k: string): number | undefined => (typeof d[k] === 'number' ? (d[k] as number) : undefined);

/** The case before the event as the domain's notice rule reads it. */
export function noticeScope(ctx: NoticeContext): NoticeScope {
  const parties = [...new Set(ctx.parties.map((p) => applicantKey(p.cityCode, p.districtCode)))];
  return { parties, cities: ctx.cities, holder: ctx.holder };
}

/** The text variables of a notice, from its event. */
function varsOf(event: NoticeEvent, ctx: NoticeContext): Partial<NoticeVars> {
  const d = asData(event.data);
  const stage = str(d, 'stage') ?? ctx.stage;
  switch (event.type) {
    case 'CaseReturnedForRevision':
      return { cityCode: str(d, 'cityCode'), comment: str(d, 'comment') };
    case 'StageReminderSent':
    case 'StageOverdueMarked':
      return { stage, dueAt: str(d, 'dueAt') };
    case 'CaseUrged':
      // The event names no stage: it presses whoever holds the stage the case is in.
      return { stage, comment: str(d, 'comment') };
    case 'StageDueMoved':
      // A published holiday arrangement moved the due time: `to` is the new one.
      return { stage, dueAt: str(d, 'to') };
    case 'PublicityStarted':
      return { startsAt: str(d, 'startsAt'), endsAt: str(d, 'endsAt') };
    case 'ApprovalGranted':
      return { replyLetterNo: str(d, 'replyLetterNo'), repliedOn: str(d, 'repliedOn'), batchNo: num(d, 'batchNo') };
    case 'ProgressReportDue':
    case 'ProgressReportMissed':
      return { stage: 'progressEvaluation', period: str(d, 'period'), dueAt: str(d, 'dueAt') };
    case 'ProgressEvaluated':
      return { period: str(d, 'period'), rectificationDueOn: str(d, 'rectificationDueOn'), comment: str(d, 'comment') };
    default:
      return {};
  }
}

/** The notices an event gives: one per kind and recipient (recipients de-duplicated, in order). */
export function noticesFor(event: NoticeEvent, ctx: NoticeContext): Notice[] {
  const notices: Notice[] = [];
  const vars = varsOf(event, ctx);
  for (const p of noticesOf(event, noticeScope(ctx))) {
    const { subject, body } = noticeText(p.kind, { unitName: ctx.unitName, ...vars });
    for (const recipientKey of [...new Set(p.recipients)]) {
      notices.push({
        noticeId: noticeId(event.id, p.kind, recipientKey),
        kind: p.kind,
        caseId: ctx.caseId,
        recipientKey,
        subject,
        body,
        eventId: event.id,
        at: event.metadata.at,
      });
    }
  }
  return notices;
}
