/**
 * Notices: inbox rows an event gives once (unlike work, which is re-derived from the state after every event).
 * Pure: the event, the machine state after it, the case's parties, and the work owed now (for old overdue marks
 * that do not name their holder). Kinds match the e-mail notices of libs/notifications where both exist.
 *
 * - assignment → each expert put on the panel (formed, or as a replacement);
 * - reminder / urge / due-moved (a published holiday arrangement moved the due time; detail: the new one) → the
 *   holder the event names;
 * - overdue → the holder; escalation → the supervising role it names (the cities of the case, or the province),
 *   unless that is the holder itself (the province supervises itself). A mark from before `holder` existed goes,
 *   as it always did, to whoever owes the work and to the province;
 * - publicity-started / publicity-ended → the applicant parties and the province;
 * - approval → the applicant parties and the involved cities;
 * - report-due (a report period fell due) → the applicant parties; report-overdue (missed) → the applicant parties,
 *   with an escalation to the involved cities; these carry the period as detail.
 */
import type {
  CaseHolder,
  CaseUrged,
  ExpertPanelFormed,
  ExpertReplaced,
  ProgressReportDue,
  ProgressReportMissed,
  StageOverdueMarked,
  StageDueMoved,
  StageReminderSent,
} from '@shenbao/domain';
import type { PersistedCaseState, Stage } from '@shenbao/workflows';
import { PROVINCE, cityKey, expertKey, overdueRecipients, type InboxCaseInfo, type InboxKind, type WorkItem } from './inbox.work';

export type NoticeKind = Extract<
  InboxKind,
  'assignment' | 'reminder' | 'urge' | 'due-moved' | 'overdue' | 'escalation' | 'publicity-started' | 'publicity-ended' | 'approval' | 'report-due' | 'report-overdue'
>;

export interface NoticeEventLike {
  type: string;
  data: unknown;
}

/** The case's applicant side for notices: the lead applicant's key first, then the joint partners'. */
export interface NoticeCaseInfo extends InboxCaseInfo {
  parties: string[];
}

const notice = (kind: NoticeKind, recipients: string[], detail = ''): WorkItem[] =>
  [...new Set(recipients)].map((recipient) => ({ kind, recipient, detail }));

export function holderRecipients(holder: CaseHolder, info: NoticeCaseInfo): string[] {
  switch (holder.role) {
    case 'applicant':
      return info.parties;
    case 'city':
      return (holder.cityCodes ?? []).map(cityKey);
    case 'expert':
      return (holder.expertIds ?? []).map(expertKey);
    case 'province':
      return [PROVINCE];
    default: {
      const never: never = holder.role;
      return never;
    }
  }
}

function overdueNotices(data: StageOverdueMarked['data'], stage: Stage, state: PersistedCaseState, info: NoticeCaseInfo, work: WorkItem[]): WorkItem[] {
  const { holder, escalatedTo } = data;
  if (!holder) return notice('overdue', overdueRecipients(stage, work, info));
  const owners = holderRecipients(holder, info);
  if (escalatedTo === undefined || escalatedTo === holder.role) return notice('overdue', owners);
  const supervisors = escalatedTo === 'city' ? state.context.cities.map(cityKey) : [PROVINCE];
  return [...notice('overdue', owners), ...notice('escalation', supervisors.filter((k) => !owners.includes(k)))];
}

/** The notices this event gives (after it was applied: `stage` and `state` are the state after the event). */
export function noticesFor(event: NoticeEventLike, stage: Stage, state: PersistedCaseState, info: NoticeCaseInfo, work: WorkItem[]): WorkItem[] {
  switch (event.type) {
    case 'ExpertPanelFormed':
      return notice('assignment', (event.data as ExpertPanelFormed['data']).expertIds.map(expertKey));
    case 'ExpertReplaced':
      return notice('assignment', [expertKey((event.data as ExpertReplaced['data']).expertId)]);
    case 'StageReminderSent':
      return notice('reminder', holderRecipients((event.data as StageReminderSent['data']).holder, info));
    case 'StageDueMoved': {
      const { holder, to } = event.data as StageDueMoved['data'];
      return notice('due-moved', holderRecipients(holder, info), to);
    }
    case 'CaseUrged':
      return notice('urge', holderRecipients((event.data as CaseUrged['data']).holder, info));
    case 'StageOverdueMarked':
      return overdueNotices(event.data as StageOverdueMarked['data'], stage, state, info, work);
    case 'PublicityStarted':
      return notice('publicity-started', [...info.parties, PROVINCE]);
    case 'PublicityEnded':
      return notice('publicity-ended', [...info.parties, PROVINCE]);
    case 'ApprovalGranted':
      return notice('approval', [...info.parties, ...state.context.cities.map(cityKey)]);
    case 'ProgressReportDue':
      return notice('report-due', info.parties, (event.data as ProgressReportDue['data']).period);
    case 'ProgressReportMissed': {
      const { period } = event.data as ProgressReportMissed['data'];
      return [...notice('report-overdue', info.parties, period), ...notice('escalation', state.context.cities.map(cityKey), period)];
    }
    default:
      return [];
  }
}
