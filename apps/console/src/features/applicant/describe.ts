/**
 * The API's words in the reader's language: a field path (`keyProjects[1].content`) as the label a person sees on
 * the form ("附件3 … 第 2 行 · 任务（项目）内容"), and the domain's validation messages (English, stable wording in
 * libs/domain/src/rules) as translated sentences. A message this does not know is shown as the API wrote it.
 */
import type { TFunction } from 'i18next';
import { namePath } from './form-model';

type Part = string | number;
const E = 'appl.editor.';

const LEAVES: Record<string, string> = {
  'cover.unitName': 'unitName',
  'cover.address': 'address',
  basicSituation: 's1',
  currentStatus: 's2',
  'plan.taskStatus': 'p1',
  'plan.approach': 'p2',
  'plan.selectedTasks': 'p3',
  'plan.customTasks': 'customTasks',
  'plan.targets.overall': 'p4',
  'plan.targets.perTask': 'perTask',
  'plan.workItems': 'p5',
  'plan.policyMeasures': 'p6',
  enterprises: 's4',
  keyProjects: 'annex3',
};
const LIST_FIELDS: Record<string, Record<string, string>> = {
  'plan.customTasks': { title: 'customTitle', description: 'customDescription' },
  'plan.workItems': { title: 'workTitle', due: 'workDue', responsibleUnit: 'workUnit' },
  enterprises: {
    name: 'entName', enteredOn: 'entEnteredOn', field: 'entField', products: 'entProducts',
    innovation: 'entInnovation', standing: 'entStanding', economicResults: 'entResults',
  },
  keyProjects: {
    seq: 'seq', name: 'kpName', undertakingUnit: 'kpUnit', content: 'kpContent', totalInvestment: 'kpInvestment',
    periodStart: 'kpFrom', periodEnd: 'kpTo', expectedResults: 'kpResults', expectedRevenue: 'kpRevenue', remarks: 'kpRemarks',
  },
};

/** How a person finds the field a path names. `taskName` names a pilot task by its code. */
export function describeField(field: string, t: TFunction, taskName: (code: string) => string = (c) => c): string {
  const path = namePath(field);
  const dotted = (parts: Part[]) => parts.join('.');
  if (path[0] === 'cover' && (path[1] === 'head' || path[1] === 'contact')) {
    const leaf = typeof path[2] === 'string' ? t(`${E}${path[2]}`) : '';
    return [t(`${E}${path[1]}`), leaf].filter(Boolean).join(' · ');
  }
  if (dotted(path.slice(0, 3)) === 'plan.targets.perTask' && path.length > 3) {
    return `${t(`${E}p4`)} · ${taskName(String(path[3]))}`;
  }
  for (const list of Object.keys(LIST_FIELDS)) {
    const depth = list.split('.').length;
    if (dotted(path.slice(0, depth)) === list && typeof path[depth] === 'number') {
      const n = (path[depth] as number) + 1;
      const where = `${t(`${E}${LEAVES[list]}`)} ${t(list === 'keyProjects' ? `${E}row` : `${E}item`, { n })}`;
      const leaf = LIST_FIELDS[list]![String(path[depth + 1])];
      return leaf ? `${where} · ${t(`${E}${leaf}`)}` : where;
    }
  }
  const key = LEAVES[dotted(path)];
  return key ? t(`${E}${key}`) : field;
}

const PATTERNS: [RegExp, (m: RegExpExecArray, t: TFunction) => string][] = [
  [/^is required$|must be filled in/, (_, t) => t('appl.messages.required')],
  [/^must be a mainland mobile number/, (_, t) => t('appl.messages.mobile')],
  [/^must be an e-mail address/, (_, t) => t('appl.messages.email')],
  [/^must be a month YYYY-MM/, (_, t) => t('appl.messages.month')],
  [/^must be a phone number/, (_, t) => t('appl.messages.fax')],
  [/^must be at most (\d+) characters \(has (\d+)\)/, (m, t) => t('appl.messages.tooLong', { max: m[1], has: m[2] })],
  [/^must not be before periodStart \((.+)\)/, (m, t) => t('appl.messages.periodOrder', { start: m[1] })],
  [/^must be an amount in 万元|^must be ≥ 0 万元/, (_, t) => t('appl.messages.money')],
  [/^must be unique: seq/, (_, t) => t('appl.messages.seqUnique')],
  [/^must be the seq of a key project/, (_, t) => t('appl.messages.keyProjectSeq')],
];

/** One of the API's field messages in the reader's language. */
export function translateMessage(message: string, t: TFunction): string {
  for (const [re, say] of PATTERNS) {
    const m = re.exec(message);
    if (m) return say(m, t);
  }
  return t('appl.messages.other', { message });
}
