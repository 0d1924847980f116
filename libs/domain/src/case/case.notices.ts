/**
 * Who is told of a case event: the one place the notice kinds and their recipients are decided. The inbox's notice
 * rows (libs/projections) and the e-mail notices (libs/notifications) are both this function's answer, and a
 * reminder, urge or overdue mark goes to the holder of case.holder.ts (named by the event, or derived from the
 * case before it for events older than `holder`). Recipients are scope keys both read models understand:
 * `province`, `city:<code>`, `expert:<id>`, `applicant:<city>:<district|->`.
 *
 * - assignment → each expert put on the panel (formed, or as a replacement);
 * - returned-for-revision → the applicant parties (lead applicant first, then joint partners);
 * - reminder / urge / due-moved (detail: the new due time) → the holder the event names;
 * - overdue → the holder; escalation → the supervising role named by `escalatedTo` (`city`: the involved cities,
 *   anything else the province) minus the holder's own keys (the province supervises itself);
 * - publicity-started / publicity-ended → the applicant parties and the province;
 * - approval → the applicant parties and the involved cities;
 * - rectification (a `fail` evaluation) → the applicant parties and the cities concerned (a city's own evaluation:
 *   that city; the province's: every involved city);
 * - report-due (ProgressReportDue) → the applicant parties; report-overdue (ProgressReportMissed) → the applicant
 *   parties, with an escalation to the involved cities; all three carry the period as detail.
 *
 * Where the three former copies disagreed, the decisions (issue #12):
 * - The kind follows the event, not the stage: a stage reminder is `reminder` and a stage overdue mark `overdue`
 *   in every stage. E-mail used to call them `report-due` / `report-overdue` in progressEvaluation; those two kinds
 *   now mean only the report cadence's own events, which name a period (the inbox's period-bound rows need it).
 * - A mark without `holder` (older logs) goes to the holder of the case before it and to the province. The inbox
 *   used to take its open work rows instead (e.g. the evaluating cities and province alongside the applicant).
 * - `escalatedTo` other than `city` means the province (SupervisorRole has no other value; e-mail used to read an
 *   `applicant` there as the parties, the inbox as the province).
 * - returned-for-revision and rectification are notices (e-mail); the inbox shows them as work rows rather than
 *   notice rows (`returned-for-revision`, `rectification-due`), see INBOX_WORK_NOTICES.
 *
 * Only the state before the event is read, and of it only the parties, the cities and the holder: every fact the
 * event itself changes (the experts seated, the period) is in its data. Events are read by type name with their
 * fields checked at run time, because older logs lack fields newer events carry.
 */
import type { CaseHolder } from './case.events';
import { currentHolder } from './case.holder';
import type { CaseState } from './case.state';

export const PROVINCE_KEY = 'province';
export const cityKey = (cityCode: string): string => `city:${cityCode}`;
export const expertKey = (expertId: string): string => `expert:${expertId}`;
export const applicantKey = (cityCode: string, districtCode?: string): string =>
  `applicant:${cityCode}:${districtCode !== undefined && districtCode !== '' ? districtCode : '-'}`;

export type NoticeKind =
  | 'assignment'
  | 'returned-for-revision'
  | 'reminder'
  | 'overdue'
  | 'escalation'
  | 'urge'
  | 'due-moved'
  | 'publicity-started'
  | 'publicity-ended'
  | 'approval'
  | 'rectification'
  | 'report-due'
  | 'report-overdue';

/** Notices the inbox shows as the work row they open (kind of that row), not as a notice row. */
export const INBOX_WORK_NOTICES: Readonly<Partial<Record<NoticeKind, string>>> = {
  'returned-for-revision': 'returned-for-revision',
  rectification: 'rectification-due',
};

/** The case as notices need it. */
export interface NoticeScope {
  /** Scope keys of the applicant parties: the lead applicant first, then joint partners. */
  parties: string[];
  /** Every city involved. */
  cities: string[];
  /** Who holds the case (case.holder.ts); undefined in a terminal stage. */
  holder: CaseHolder | undefined;
}

export interface CaseNotice {
  kind: NoticeKind;
  /** De-duplicated, in order; never empty. */
  recipients: string[];
  /** A report period, or the new due time of `due-moved`; '' otherwise. */
  detail: string;
}

export interface NoticeEventLike {
  type: string;
  data: unknown;
}

export function noticeScopeOf(s: CaseState): NoticeScope {
  const parties = [s.applicant, ...s.partners].map((p) => applicantKey(p.cityCode, p.districtCode));
  return { parties: [...new Set(parties)], cities: [...s.cities], holder: currentHolder(s) };
}

type Data = Record<string, unknown>;
const asData = (v: unknown): Data => (typeof v === 'object' && v !== null ? (v as Data) : {});
const str = (d: Data, k: string): string => (typeof d[k] === 'string' ? (d[k] as string) : '');
const strings = (v: unknown): string[] =>
  typeof v === 'string' && v !== '' ? [v] : Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];

/** A holder (`{role, cityCodes?, expertIds?}`) as scope keys; undefined when it is not one (older events). */
export function holderKeys(holder: unknown, scope: Pick<NoticeScope, 'parties'>): string[] | undefined {
  const h = asData(holder);
  switch (h.role) {
    case 'applicant':
      return scope.parties;
    case 'city':
      return strings(h.cityCodes).map(cityKey);
    case 'expert':
      return strings(h.expertIds).map(expertKey);
    case 'province':
      return [PROVINCE_KEY];
    default:
      return undefined;
  }
}

const n = (kind: NoticeKind, recipients: string[], detail = ''): CaseNotice => ({ kind, recipients: [...new Set(recipients)], detail });
/** The holder an event names, or the case's before it (older events name none). */
const heldBy = (d: Data, before: NoticeScope): string[] => holderKeys(d.holder, before) ?? holderKeys(before.holder, before) ?? [];

function overdue(d: Data, before: NoticeScope): CaseNotice[] {
  const named = holderKeys(d.holder, before);
  if (!named) return [n('overdue', [...heldBy(d, before), PROVINCE_KEY])];
  if (d.escalatedTo === undefined || d.escalatedTo === asData(d.holder).role) return [n('overdue', named)];
  const supervisors = d.escalatedTo === 'city' ? before.cities.map(cityKey) : [PROVINCE_KEY];
  return [n('overdue', named), n('escalation', supervisors.filter((k) => !named.includes(k)))];
}

function plan(event: NoticeEventLike, before: NoticeScope): CaseNotice[] {
  const d = asData(event.data);
  const { parties } = before;
  const cities = before.cities.map(cityKey);
  switch (event.type) {
    case 'ExpertPanelFormed':
      return [n('assignment', strings(d.expertIds).map(expertKey))];
    case 'ExpertReplaced':
      return [n('assignment', strings(d.expertId).map(expertKey))];
    case 'CaseReturnedForRevision':
      return [n('returned-for-revision', parties)];
    case 'StageReminderSent':
      return [n('reminder', heldBy(d, before))];
    case 'CaseUrged':
      return [n('urge', heldBy(d, before))];
    case 'StageDueMoved':
      return [n('due-moved', heldBy(d, before), str(d, 'to'))];
    case 'StageOverdueMarked':
      return overdue(d, before);
    case 'PublicityStarted':
      return [n('publicity-started', [...parties, PROVINCE_KEY])];
    case 'PublicityEnded':
      return [n('publicity-ended', [...parties, PROVINCE_KEY])];
    case 'ApprovalGranted':
      return [n('approval', [...parties, ...cities])];
    case 'ProgressReportDue':
      return [n('report-due', parties, str(d, 'period'))];
    case 'ProgressReportMissed':
      return [n('report-overdue', parties, str(d, 'period')), n('escalation', cities.filter((k) => !parties.includes(k)), str(d, 'period'))];
    case 'ProgressEvaluated': {
      if (d.rating !== 'fail') return [];
      const concerned = d.level === 'city' && str(d, 'cityCode') !== '' ? [cityKey(str(d, 'cityCode'))] : cities;
      return [n('rectification', [...parties, ...concerned], str(d, 'period'))];
    }
    default:
      return [];
  }
}

/** The notices a case event gives, from the case as it stood just before the event; kinds with no recipient are left out. */
export function noticesOf(event: NoticeEventLike, before: NoticeScope): CaseNotice[] {
  return plan(event, before).filter((x) => x.recipients.length > 0);
}
