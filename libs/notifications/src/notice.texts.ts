/**
 * The words of each notice, Chinese first and English second. Instants are shown in the program's time zone
 * (Asia/Shanghai), as the people reading them count time.
 */
import { stageNameZh } from '@shenbao/workflows';
import type { Bilingual, NoticeKind } from './notice.types';


const SHANGHAI = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2019-04-26 17:00` in Asia/Shanghai; a value that is not an instant is shown as given. */
export function shanghaiTime(iso: string | undefined): string {
  if (iso === undefined) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  const parts = Object.fromEntries(SHANGHAI.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** What the texts may mention; each kind uses its own few. */
export interface NoticeVars {
  unitName: string;
  stage?: string;
  dueAt?: string;
  cityCode?: string;
  comment?: string;
  startsAt?: string;
  endsAt?: string;
  replyLetterNo?: string;
  repliedOn?: string;
  batchNo?: number;
  period?: string;
  rectificationDueOn?: string;
}

export interface NoticeText {
  subject: Bilingual;
  body: Bilingual;
}

const SIGN_ZH = '请登录申报系统查看详情。';
const SIGN_EN = 'Please sign in to Shenbao for details.';

const withComment = (zh: string, en: string, comment: string | undefined): Bilingual =>
  comment !== undefined && comment !== '' ? { zh: `${zh}意见：${comment}。`, en: `${en} Comment: ${comment}.` } : { zh, en };

function lines(v: NoticeVars, kind: NoticeKind): { subject: Bilingual; body: Bilingual } {
  const u = v.unitName;
  const s = v.stage ?? '';
  const due = shanghaiTime(v.dueAt);
  switch (kind) {
    case 'assignment':
      return {
        subject: { zh: `专家评审任务：${u}`, en: `Expert review assignment: ${u}` },
        body: { zh: `您已被选为「${u}」申报的评审专家，请按评审细则独立评分。`, en: `You have been assigned to review the application of ${u}; please score it independently against the rubric.` },
      };
    case 'returned-for-revision':
      return {
        subject: { zh: `退回修改：${u}`, en: `Returned for revision: ${u}` },
        body: withComment(
          `「${u}」的申报已被市级主管部门（${v.cityCode ?? ''}）退回修改，请修改后重新提交。`,
          `The application of ${u} was returned for revision by the city department (${v.cityCode ?? ''}); please revise and submit it again.`,
          v.comment,
        ),
      };
    case 'reminder':
      return {
        subject: { zh: `即将到期（${stageNameZh(s)}）：${u}`, en: `Due soon (${s}): ${u}` },
        body: { zh: `「${u}」的${stageNameZh(s)}环节将于 ${due} 到期，请及时办理。`, en: `The ${s} stage of ${u} is due at ${due} (Asia/Shanghai); please act in time.` },
      };
    case 'overdue':
      return {
        subject: { zh: `已超期（${stageNameZh(s)}）：${u}`, en: `Overdue (${s}): ${u}` },
        body: { zh: `「${u}」的${stageNameZh(s)}环节已于 ${due} 到期，尚未办结，请尽快办理。`, en: `The ${s} stage of ${u} was due at ${due} (Asia/Shanghai) and is not done; please act now.` },
      };
    case 'escalation':
      return {
        subject: { zh: `超期督办（${stageNameZh(s)}）：${u}`, en: `Escalated, overdue (${s}): ${u}` },
        body: { zh: `「${u}」的${stageNameZh(s)}环节已于 ${due} 到期仍未办结，现提请督办。`, en: `The ${s} stage of ${u} was due at ${due} (Asia/Shanghai) and is still not done; it is escalated to you.` },
      };
    case 'urge':
      return {
        subject: { zh: `催办（${stageNameZh(s)}）：${u}`, en: `Reminder from the office (${s}): ${u}` },
        body: withComment(`请尽快办理「${u}」的${stageNameZh(s)}环节。`, `Please complete the ${s} stage of ${u} as soon as possible.`, v.comment),
      };
    case 'due-moved':
      return {
        subject: { zh: `办理时限调整（${stageNameZh(s)}）：${u}`, en: `Due date moved (${s}): ${u}` },
        body: {
          zh: `根据国务院办公厅公布的节假日安排，「${u}」的${stageNameZh(s)}环节办理时限调整为 ${due}。`,
          en: `Under the holiday arrangement published by the State Council, the ${s} stage of ${u} is now due at ${due} (Asia/Shanghai).`,
        },
      };
    case 'publicity-started':
      return {
        subject: { zh: `公示开始：${u}`, en: `Publicity started: ${u}` },
        body: { zh: `「${u}」已进入公示，公示期自 ${shanghaiTime(v.startsAt)} 至 ${shanghaiTime(v.endsAt)}。`, en: `${u} is now publicized, from ${shanghaiTime(v.startsAt)} to ${shanghaiTime(v.endsAt)} (Asia/Shanghai).` },
      };
    case 'publicity-ended':
      return {
        subject: { zh: `公示结束：${u}`, en: `Publicity ended: ${u}` },
        body: { zh: `「${u}」的公示期已结束，进入批复环节。`, en: `The publicity period of ${u} has ended; the case moves on to approval.` },
      };
    case 'approval':
      return {
        subject: { zh: `批复：${u}`, en: `Approved: ${u}` },
        body: {
          zh: `「${u}」已获批复（第 ${v.batchNo ?? ''} 批），复函文号 ${v.replyLetterNo ?? ''}，复函日期 ${v.repliedOn ?? ''}。`,
          en: `${u} has been approved (batch ${v.batchNo ?? ''}), reply letter ${v.replyLetterNo ?? ''} of ${v.repliedOn ?? ''}.`,
        },
      };
    case 'rectification':
      return {
        subject: { zh: `整改通知：${u}`, en: `Rectification required: ${u}` },
        body: withComment(
          `「${u}」${v.period ?? ''} 跟踪评估结果为不合格${v.rectificationDueOn ? `，请于 ${v.rectificationDueOn} 前完成整改` : ''}。`,
          `The ${v.period ?? ''} progress evaluation of ${u} was rated fail${v.rectificationDueOn ? `; rectify by ${v.rectificationDueOn}` : ''}.`,
          v.comment,
        ),
      };
    case 'report-due':
      return {
        subject: { zh: `进展报告到期${v.period ? `（${v.period}）` : ''}：${u}`, en: `Progress report due${v.period ? ` (${v.period})` : ''}: ${u}` },
        body: {
          zh: `「${u}」${v.period ? `第 ${v.period} 期` : ''}试验区建设进展报告已于 ${due} 到期，请尽快提交（报告期次填写 ${v.period ?? ''}）。`,
          en: `The progress report${v.period ? ` for period ${v.period}` : ''} of ${u} fell due at ${due} (Asia/Shanghai); please file it now${v.period ? `, with period "${v.period}"` : ''}.`,
        },
      };
    case 'report-overdue':
      return {
        subject: { zh: `进展报告逾期${v.period ? `（${v.period}）` : ''}：${u}`, en: `Progress report overdue${v.period ? ` (${v.period})` : ''}: ${u}` },
        body: {
          zh: `「${u}」${v.period ? `第 ${v.period} 期` : ''}试验区建设进展报告已于 ${due} 到期，至今未提交。`,
          en: `The progress report${v.period ? ` for period ${v.period}` : ''} of ${u} was due at ${due} (Asia/Shanghai) and has not been filed.`,
        },
      };
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export function noticeText(kind: NoticeKind, vars: NoticeVars): NoticeText {
  const { subject, body } = lines(vars, kind);
  return { subject, body: { zh: `${body.zh}${SIGN_ZH}`, en: `${body.en} ${SIGN_EN}` } };
}
