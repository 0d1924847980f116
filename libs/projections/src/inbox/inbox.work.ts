/**
 * Who owes what on a case, derived from its machine state (stage, substate, context) and a little case data the
 * machine does not keep (the applicant, whether the draft is a return, progress reports awaiting evaluation).
 * Pure functions: the projection diffs their result against the open rows.
 */
import { STAGE_NAMES_ZH } from '@shenbao/workflows';
import type { PersistedCaseState, Stage } from '@shenbao/workflows';
import { PROVINCE_KEY as PROVINCE, cityKey, expertKey } from '@shenbao/domain';
import { activePanel } from '../shared/case-states';

export type InboxKind =
  | 'returned-for-revision'
  | 'audit-pending'
  | 'recommendation-pending'
  | 'panel-needed'
  | 'scoring-pending'
  | 'conclude-pending'
  | 'defense-pending'
  | 'site-visit-pending'
  | 'publicity-ready'
  | 'objection-pending'
  | 'approval-pending'
  | 'report-due'
  | 'rectification-due'
  | 'evaluation-pending'
  // Notices (inbox.notices.ts): given once by an event, closed when their stage entry ends.
  | 'overdue'
  | 'escalation'
  | 'reminder'
  | 'urge'
  | 'due-moved'
  | 'assignment'
  | 'publicity-started'
  | 'publicity-ended'
  | 'approval'
  | 'report-overdue'
  | 'window-closing';

/**
 * A report filed in monitoring and who has evaluated its period so far. `filed: false`: a period evaluated before
 * any report for it was filed (the domain allows it); its evaluations count once the report comes.
 */
export interface PendingReport {
  period: string;
  cities: string[];
  province: boolean;
  filed?: false;
}

/** The filed reports, in filing order. */
export const filedReports = (reports: PendingReport[]): PendingReport[] => reports.filter((r) => r.filed !== false);

export interface InboxCaseInfo {
  unitName: string;
  /** Recipient key of the applicant unit (`applicant:<city>:<district|->`). */
  applicantKey: string;
  /** The case is in draft because a city returned it (not a first draft). */
  returned: boolean;
  reports: PendingReport[];
}

export interface WorkItem {
  kind: InboxKind;
  recipient: string;
  /** Distinguishes several items of one kind for one recipient (a report period). */
  detail: string;
}

export { applicantKey, cityKey, expertKey, PROVINCE_KEY as PROVINCE } from '@shenbao/domain';

const item = (kind: InboxKind, recipient: string, detail = ''): WorkItem => ({ kind, recipient, detail });

function expertReviewWork(state: PersistedCaseState, substate: string | undefined): WorkItem[] {
  if (substate !== 'scoring') return [item('panel-needed', PROVINCE)];
  const { panel, recused, scored } = state.context;
  const active = activePanel(state);
  const work = active.filter((id) => !scored.includes(id)).map((id) => item('scoring-pending', expertKey(id)));
  // A recused expert stays on the panel until replaced: the province owes a replacement.
  if (panel.some((id) => recused.includes(id))) work.push(item('panel-needed', PROVINCE));
  if (scored.length > 0 && active.every((id) => scored.includes(id))) work.push(item('conclude-pending', PROVINCE));
  return work;
}

function monitoringWork(state: PersistedCaseState, substate: string | undefined, info: InboxCaseInfo): WorkItem[] {
  const work: WorkItem[] = [];
  const awaiting = filedReports(info.reports).filter((r) => !r.province);
  for (const r of awaiting) {
    for (const city of state.context.cities) {
      if (!r.cities.includes(city)) work.push(item('evaluation-pending', cityKey(city), r.period));
    }
    work.push(item('evaluation-pending', PROVINCE, r.period));
  }
  // The next report is owed once every filed one has been evaluated by the province.
  if (awaiting.length === 0) work.push(item('report-due', info.applicantKey));
  if (substate === 'rectification') work.push(item('rectification-due', info.applicantKey));
  return work;
}

/** The open work for a case in its current state. */
export function workFor(stage: Stage, substate: string | undefined, state: PersistedCaseState, info: InboxCaseInfo): WorkItem[] {
  const { cities, auditPassed, recommended, openObjections } = state.context;
  switch (stage) {
    case 'draft':
      return info.returned ? [item('returned-for-revision', info.applicantKey)] : [];
    case 'cityAudit':
      return cities.filter((c) => !auditPassed.includes(c)).map((c) => item('audit-pending', cityKey(c)));
    case 'recommendation':
      return cities.filter((c) => !recommended.includes(c)).map((c) => item('recommendation-pending', cityKey(c)));
    case 'expertReview':
      return expertReviewWork(state, substate);
    case 'defense':
      return [item('defense-pending', PROVINCE)];
    case 'siteVisit':
      return [item('site-visit-pending', PROVINCE)];
    case 'publicity':
      if (substate === 'awaiting') return [item('publicity-ready', PROVINCE)];
      return openObjections.length > 0 ? [item('objection-pending', PROVINCE)] : [];
    case 'approval':
      return [item('approval-pending', PROVINCE)];
    case 'progressEvaluation':
      return monitoringWork(state, substate, info);
    default:
      // cultivation waits for the province to resume it; terminal stages owe nothing.
      return [];
  }
}

const TITLES: Record<Exclude<InboxKind, 'evaluation-pending'>, [string, string]> = {
  'returned-for-revision': ['退回修改', 'Returned for revision'],
  'audit-pending': ['待市级审核', 'City audit pending'],
  'recommendation-pending': ['待出具推荐函', 'Recommendation letter pending'],
  'panel-needed': ['待组建专家组', 'Expert panel needed'],
  'scoring-pending': ['待专家评分', 'Scoring pending'],
  'conclude-pending': ['待形成评审结论', 'Expert review ready to conclude'],
  'defense-pending': ['待答辩', 'Defense pending'],
  'site-visit-pending': ['待现场考察', 'Site visit pending'],
  'publicity-ready': ['待公示', 'Ready for publicity'],
  'objection-pending': ['待处理异议', 'Objection to resolve'],
  'approval-pending': ['待批复', 'Approval pending'],
  'report-due': ['待提交进展报告', 'Progress report due'],
  'rectification-due': ['待整改', 'Rectification due'],
  overdue: ['已超期', 'Overdue'],
  escalation: ['超期督办', 'Overdue, escalated'],
  reminder: ['即将到期', 'Due soon'],
  urge: ['催办', 'Urged'],
  'due-moved': ['办理时限因节假日安排调整', 'Due date moved by the holiday arrangement'],
  assignment: ['专家评审任务', 'Assigned to review'],
  'publicity-started': ['公示开始', 'Publicity started'],
  'publicity-ended': ['公示结束', 'Publicity ended'],
  approval: ['已批复', 'Approval granted'],
  'report-overdue': ['进展报告逾期未报', 'Progress report missed'],
  'window-closing': ['申报窗口即将关闭，尚有申报未报送', 'Application window closing; case not yet sent'],
};

/** Notices about the current stage entry: their title names the stage. */
const STAGED: ReadonlySet<InboxKind> = new Set<InboxKind>(['overdue', 'escalation', 'reminder', 'urge']);

/** Notices about one report period (ProgressReportDue / ProgressReportMissed): the period is the row's detail. */
const PERIODED: ReadonlySet<InboxKind> = new Set<InboxKind>(['report-due', 'report-overdue', 'escalation']);

export function titleFor(kind: InboxKind, detail: string, stage: Stage, unitName: string): { zh: string; en: string } {
  if (kind === 'evaluation-pending') {
    return { zh: `待评估进展报告（${detail}）：${unitName}`, en: `Progress evaluation pending (${detail}): ${unitName}` };
  }
  if (detail !== '' && PERIODED.has(kind)) {
    const [zh, en] = kind === 'escalation' ? ['进展报告逾期督办', 'Progress report missed, escalated'] : TITLES[kind as 'report-due' | 'report-overdue'];
    return { zh: `${zh}（${detail}）：${unitName}`, en: `${en} (${detail}): ${unitName}` };
  }
  const [zh, en] = TITLES[kind];
  if (kind === 'due-moved') {
    // `detail`: the new due instant; the title gives its date in Shanghai (UTC+8 all year).
    const on = new Date(Date.parse(detail) + 8 * 3600 * 1000).toISOString().slice(0, 10);
    return { zh: `${zh}（${STAGE_NAMES_ZH[stage]}，新时限 ${on}）：${unitName}`, en: `${en} (${stage}, now due ${on}): ${unitName}` };
  }
  if (STAGED.has(kind)) return { zh: `${zh}（${STAGE_NAMES_ZH[stage]}）：${unitName}`, en: `${en} (${stage}): ${unitName}` };
  return { zh: `${zh}：${unitName}`, en: `${en}: ${unitName}` };
}
