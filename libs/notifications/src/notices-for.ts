/**
 * Which notices a case event gives, and to whom. Pure: the event and the case as it stood just before it.
 * Recipients agree with the inbox's notice rows (libs/projections, inbox.notices.ts) where both exist:
 * - assignment → each expert put on the panel (formed, or as a replacement);
 * - returned-for-revision → the applicant parties (lead applicant and joint partners);
 * - reminder / urge → the holder the event names (report-due when the applicant owes a progress report);
 * - overdue → the holder; escalation → the supervising role named by `escalatedTo` unless that is the holder's own;
 *   a mark without `holder` (older events) → the stage's owners and the province;
 * - publicity-started / publicity-ended → the applicant parties and the province;
 * - approval → the applicant parties and the involved cities;
 * - rectification (a `fail` evaluation) → the applicant parties and the cities concerned;
 * - report-due (ProgressReportDue) → the applicant parties; report-overdue (ProgressReportMissed) → the applicant
 *   parties, and an escalation to the involved cities.
 *
 * Events are read by type name with their fields checked at run time rather than trusted from the domain's
 * union, because some notice events (StageReminderSent, CaseUrged, the escalation fields of StageOverdueMarked) are
 * newer than this module's first version and older logs lack fields newer ones carry.
 */
import { createHash } from 'node:crypto';
import { noticeText, type NoticeVars } from './notice.texts';
import {
  PROVINCE_KEY,
  applicantKey,
  cityKey,
  expertKey,
  type Notice,
  type NoticeContext,
  type NoticeKind,
} from './notice.types';

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
const strings = (v: unknown): string[] =>
  typeof v === 'string' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];

const partyKeys = (ctx: NoticeContext): string[] => ctx.parties.map((p) => applicantKey(p.cityCode, p.districtCode));
const cityKeys = (cities: string[]): string[] => cities.map(cityKey);
const notIn = (all: string[], done: string[] | undefined): string[] => {
  const left = all.filter((c) => !(done ?? []).includes(c));
  return left.length > 0 ? left : all;
};

interface Planned {
  kind: NoticeKind;
  recipients: string[];
  vars: Partial<NoticeVars>;
}

/** Who owes the work of a stage: the ones a reminder, an overdue notice or an urge is for. */
export function stageOwners(stage: string | undefined, ctx: NoticeContext): string[] {
  switch (stage) {
    case 'draft':
    case 'progressEvaluation':
      return partyKeys(ctx);
    case 'cityAudit':
      return cityKeys(notIn(ctx.cities, ctx.auditPassed));
    case 'recommendation':
      return cityKeys(notIn(ctx.cities, ctx.recommended));
    case 'expertReview': {
      const active = (ctx.panel ?? []).filter((id) => !(ctx.recused ?? []).includes(id));
      const pending = active.filter((id) => !(ctx.scored ?? []).includes(id));
      // No panel yet, or everyone scored: the province owes the next step.
      return pending.length > 0 ? pending.map(expertKey) : [PROVINCE_KEY];
    }
    default:
      return [PROVINCE_KEY];
  }
}

/**
 * The holder an event names (`{role, cityCodes?, expertIds?}`, see the domain's case.holder.ts) as scope keys;
 * undefined when the event carries none (older events), so the caller falls back to the stage's owners.
 */
function holderKeys(holder: unknown, ctx: NoticeContext): string[] | undefined {
  const h = asData(holder);
  switch (h.role) {
    case 'applicant':
      return partyKeys(ctx);
    case 'city':
      return cityKeys(strings(h.cityCodes));
    case 'expert':
      return strings(h.expertIds).map(expertKey);
    case 'province':
      return [PROVINCE_KEY];
    default:
      return undefined;
  }
}

/** `escalatedTo` names the supervising role: `city` (the cities of the case) or `province`; anything else the province. */
function escalationRecipients(escalatedTo: unknown, ctx: NoticeContext): string[] {
  if (escalatedTo === 'city') return cityKeys(ctx.cities);
  if (escalatedTo === 'applicant') return partyKeys(ctx);
  return [PROVINCE_KEY];
}

/** Stage-bound notices about progress reports read as such when the applicant owes them. */
const reportKind = (stage: string | undefined, holder: unknown, plain: NoticeKind, report: NoticeKind): NoticeKind =>
  stage === 'progressEvaluation' && (asData(holder).role ?? 'applicant') === 'applicant' ? report : plain;

function overduePlan(d: Data, ctx: NoticeContext): Planned[] {
  const stage = str(d, 'stage') ?? ctx.stage;
  const vars = { stage, dueAt: str(d, 'dueAt') };
  const kind = reportKind(stage, d.holder, 'overdue', 'report-overdue');
  const holder = holderKeys(d.holder, ctx);
  // A mark from before `holder` existed goes, as it always did, to the stage's owners and the province.
  if (!holder) return [{ kind, recipients: [...stageOwners(stage, ctx), PROVINCE_KEY], vars }];
  const heldBy = asData(d.holder).role;
  if (d.escalatedTo === undefined || d.escalatedTo === heldBy) return [{ kind, recipients: holder, vars }];
  const supervisors = escalationRecipients(d.escalatedTo, ctx).filter((k) => !holder.includes(k));
  return [
    { kind, recipients: holder, vars },
    { kind: 'escalation', recipients: supervisors, vars },
  ];
}

function plan(event: NoticeEvent, ctx: NoticeContext): Planned[] {
  const d = asData(event.data);
  const parties = partyKeys(ctx);
  switch (event.type) {
    case 'ExpertPanelFormed':
      return [{ kind: 'assignment', recipients: strings(d.expertIds).map(expertKey), vars: {} }];
    case 'ExpertReplaced':
      return [{ kind: 'assignment', recipients: strings(d.expertId).map(expertKey), vars: {} }];
    case 'CaseReturnedForRevision':
      return [{ kind: 'returned-for-revision', recipients: parties, vars: { cityCode: str(d, 'cityCode'), comment: str(d, 'comment') } }];
    case 'StageReminderSent': {
      const stage = str(d, 'stage') ?? ctx.stage;
      const kind = reportKind(stage, d.holder, 'reminder', 'report-due');
      return [{ kind, recipients: holderKeys(d.holder, ctx) ?? stageOwners(stage, ctx), vars: { stage, dueAt: str(d, 'dueAt') } }];
    }
    case 'StageOverdueMarked':
      return overduePlan(d, ctx);
    case 'CaseUrged': {
      // The event names no stage: it presses whoever holds the stage the case is in.
      const stage = str(d, 'stage') ?? ctx.stage;
      const recipients = holderKeys(d.holder, ctx) ?? stageOwners(stage, ctx);
      return [{ kind: 'urge', recipients, vars: { stage, comment: str(d, 'comment') } }];
    }
    case 'StageDueMoved': {
      // A published holiday arrangement moved the due time: `dueAt` is the new one.
      const stage = str(d, 'stage') ?? ctx.stage;
      return [{ kind: 'due-moved', recipients: holderKeys(d.holder, ctx) ?? stageOwners(stage, ctx), vars: { stage, dueAt: str(d, 'to') } }];
    }
    case 'PublicityStarted':
      return [{ kind: 'publicity-started', recipients: [...parties, PROVINCE_KEY], vars: { startsAt: str(d, 'startsAt'), endsAt: str(d, 'endsAt') } }];
    case 'PublicityEnded':
      return [{ kind: 'publicity-ended', recipients: [...parties, PROVINCE_KEY], vars: {} }];
    case 'ApprovalGranted':
      return [
        {
          kind: 'approval',
          recipients: [...parties, ...cityKeys(ctx.cities)],
          vars: { replyLetterNo: str(d, 'replyLetterNo'), repliedOn: str(d, 'repliedOn'), batchNo: num(d, 'batchNo') },
        },
      ];
    case 'ProgressReportDue':
      return [{ kind: 'report-due', recipients: parties, vars: { stage: 'progressEvaluation', period: str(d, 'period'), dueAt: str(d, 'dueAt') } }];
    case 'ProgressReportMissed': {
      const vars = { stage: 'progressEvaluation', period: str(d, 'period'), dueAt: str(d, 'dueAt') };
      return [
        { kind: 'report-overdue', recipients: parties, vars },
        { kind: 'escalation', recipients: cityKeys(ctx.cities).filter((k) => !parties.includes(k)), vars },
      ];
    }
    case 'ProgressEvaluated': {
      if (d.rating !== 'fail') return [];
      // A city's own evaluation concerns its city; the province's concerns every city involved.
      const cities = d.level === 'city' && str(d, 'cityCode') !== undefined ? [str(d, 'cityCode')!] : ctx.cities;
      return [
        {
          kind: 'rectification',
          recipients: [...parties, ...cityKeys(cities)],
          vars: { period: str(d, 'period'), rectificationDueOn: str(d, 'rectificationDueOn'), comment: str(d, 'comment') },
        },
      ];
    }
    default:
      return [];
  }
}

/** The notices an event gives: one per kind and recipient (recipients de-duplicated, in order). */
export function noticesFor(event: NoticeEvent, ctx: NoticeContext): Notice[] {
  const notices: Notice[] = [];
  for (const p of plan(event, ctx)) {
    const { subject, body } = noticeText(p.kind, { unitName: ctx.unitName, ...p.vars });
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
