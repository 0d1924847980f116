/**
 * Rules of the application form (申报书 + 重点任务（项目）表). Two checks with different timing:
 * - `validateApplicationFormat` on every draft save: the shape and the format of whatever is filled in (blank is
 *   fine while drafting, malformed is not);
 * - `missingForSubmit` on submit: completeness against the program (tasks catalogue, minimum count).
 */
import type { Application } from '../case/application.types';
import type { FieldError } from '../errors';
import {
  FieldErrorList,
  fieldPath,
  isPlainObject,
  readArray,
  readNumber,
  readObject,
  readString,
  type StringRule,
} from './field-errors';
import { hasAtMostDecimals, isEmail, isMobile, isMonth } from './formats';

export { APPLICATION_RULES, missingForSubmit, type ProgramTaskRules } from './application-completeness.rules';

/** Length caps. The notice fixes two (content 200, expected results 50); the rest only bound abuse. */
export const APPLICATION_LIMITS = {
  keyProjectContent: 200,
  keyProjectExpectedResults: 50,
  name: 200,
  line: 1000,
  text: 50_000,
  listItems: 500,
  /** Selected and custom tasks: the notice lists 9 tasks; room for programs with more. */
  planTasks: 100,
  taskCode: 32,
} as const;

const L = APPLICATION_LIMITS;
const MOBILE: StringRule = {
  max: 11,
  format: { test: isMobile, message: 'must be a mainland mobile number: 1[3-9] followed by 9 digits' },
};
const EMAIL: StringRule = { max: 254, format: { test: isEmail, message: 'must be an e-mail address like name@example.gov.cn' } };
const MONTH: StringRule = { max: 7, format: { test: isMonth, message: 'must be a month YYYY-MM with month 01–12' } };
const FAX: StringRule = {
  max: 30,
  format: { test: (s) => /^[0-9+()\- ]+$/.test(s), message: 'must be a phone number: digits, spaces and + - ( ) only' },
};
const TASK_CODE: StringRule = {
  max: L.taskCode,
  format: { test: (s) => /^[A-Za-z0-9_-]+$/.test(s), message: 'must be a task code: letters, digits, _ and - only' },
};
const NAME: StringRule = { max: L.name };
const LINE: StringRule = { max: L.line };
const TEXT: StringRule = { max: L.text };

/**
 * A form with nothing filled in but the unit's name: what a draft holds before its first save. It passes
 * `validateApplicationFormat` (blanks are fine while drafting) and fails `missingForSubmit`.
 */
export function blankApplication(unitName: string): Application {
  return {
    cover: { unitName, address: '', head: { name: '', mobile: '' }, contact: { name: '', mobile: '', email: '' } },
    basicSituation: '',
    currentStatus: '',
    plan: {
      taskStatus: '', approach: '', selectedTasks: [], customTasks: [], targets: { overall: '', perTask: {} }, workItems: [], policyMeasures: '',
    },
    enterprises: [],
    keyProjects: [],
  };
}

/** Checks a draft application (the body of `PUT /cases/:id/application`). Returns [] when well-formed. */
export function validateApplicationFormat(input: unknown): FieldError[] {
  const errs = new FieldErrorList();
  if (!isPlainObject(input)) return [{ field: 'application', messages: ['must be an object'] }];
  // Top-level fields are named without a prefix (`cover.head.mobile`), as the body's own paths.
  const app = readObject(errs, '', input, ['cover', 'basicSituation', 'currentStatus', 'plan', 'enterprises', 'keyProjects'])!;
  checkCover(errs, app.cover);
  readString(errs, 'basicSituation', app.basicSituation, TEXT);
  readString(errs, 'currentStatus', app.currentStatus, TEXT);
  checkPlan(errs, app.plan);
  checkEnterprises(errs, app.enterprises);
  checkKeyProjects(errs, app.keyProjects);
  return errs.toArray();
}

function checkCover(errs: FieldErrorList, v: unknown): void {
  if (v === undefined) return;
  const cover = readObject(errs, 'cover', v, ['unitName', 'address', 'head', 'contact']);
  if (!cover) return;
  readString(errs, 'cover.unitName', cover.unitName, NAME);
  readString(errs, 'cover.address', cover.address, LINE);
  const head = cover.head === undefined ? undefined : readObject(errs, 'cover.head', cover.head, ['name', 'mobile']);
  if (head) {
    readString(errs, 'cover.head.name', head.name, NAME);
    readString(errs, 'cover.head.mobile', head.mobile, MOBILE);
  }
  const contact = cover.contact === undefined ? undefined : readObject(errs, 'cover.contact', cover.contact, ['name', 'mobile', 'email'], ['fax']);
  if (contact) {
    readString(errs, 'cover.contact.name', contact.name, NAME);
    readString(errs, 'cover.contact.mobile', contact.mobile, MOBILE);
    readString(errs, 'cover.contact.fax', contact.fax, FAX);
    readString(errs, 'cover.contact.email', contact.email, EMAIL);
  }
}

function checkPlan(errs: FieldErrorList, v: unknown): void {
  if (v === undefined) return;
  const plan = readObject(errs, 'plan', v, [
    'taskStatus', 'approach', 'selectedTasks', 'customTasks', 'targets', 'workItems', 'policyMeasures',
  ]);
  if (!plan) return;
  readString(errs, 'plan.taskStatus', plan.taskStatus, TEXT);
  readString(errs, 'plan.approach', plan.approach, TEXT);
  readString(errs, 'plan.policyMeasures', plan.policyMeasures, TEXT);
  readArray(errs, 'plan.selectedTasks', plan.selectedTasks, L.planTasks)?.forEach((code, i) => {
    const path = fieldPath('plan.selectedTasks', i);
    if (readString(errs, path, code, TASK_CODE) === '') errs.add(path, 'must not be empty');
  });
  readArray(errs, 'plan.customTasks', plan.customTasks, L.planTasks)?.forEach((item, i) => {
    const path = fieldPath('plan.customTasks', i);
    const task = readObject(errs, path, item, ['title', 'description']);
    if (!task) return;
    readString(errs, `${path}.title`, task.title, LINE);
    readString(errs, `${path}.description`, task.description, TEXT);
  });
  const targets = plan.targets === undefined ? undefined : readObject(errs, 'plan.targets', plan.targets, ['overall', 'perTask']);
  if (targets) {
    readString(errs, 'plan.targets.overall', targets.overall, TEXT);
    checkPerTask(errs, targets.perTask);
  }
  readArray(errs, 'plan.workItems', plan.workItems, L.listItems)?.forEach((item, i) => {
    const path = fieldPath('plan.workItems', i);
    const work = readObject(errs, path, item, ['title', 'due', 'responsibleUnit']);
    if (!work) return;
    readString(errs, `${path}.title`, work.title, LINE);
    readString(errs, `${path}.due`, work.due, MONTH);
    readString(errs, `${path}.responsibleUnit`, work.responsibleUnit, NAME);
  });
}

function checkPerTask(errs: FieldErrorList, v: unknown): void {
  if (v === undefined) return;
  if (!isPlainObject(v)) {
    errs.add('plan.targets.perTask', 'must be an object keyed by task code');
    return;
  }
  // A map, not a record with fixed keys: every key is a task code.
  for (const [code, text] of Object.entries(v)) {
    const path = fieldPath('plan.targets.perTask', code);
    if (!TASK_CODE.format!.test(code) || code.length > L.taskCode) errs.add(path, TASK_CODE.format!.message);
    readString(errs, path, text, TEXT);
  }
}

function checkEnterprises(errs: FieldErrorList, v: unknown): void {
  readArray(errs, 'enterprises', v, L.listItems)?.forEach((item, i) => {
    const path = fieldPath('enterprises', i);
    const e = readObject(errs, path, item, ['name', 'enteredOn', 'field', 'products'], ['innovation', 'standing', 'economicResults']);
    if (!e) return;
    readString(errs, `${path}.name`, e.name, NAME);
    readString(errs, `${path}.enteredOn`, e.enteredOn, MONTH);
    readString(errs, `${path}.field`, e.field, LINE);
    for (const key of ['products', 'innovation', 'standing', 'economicResults'] as const) readString(errs, `${path}.${key}`, e[key], TEXT);
  });
}

const MONEY_MESSAGE = 'must be an amount in 万元: a number ≥ 0 with at most 2 decimals';

function checkMoney(errs: FieldErrorList, path: string, v: unknown): void {
  const n = readNumber(errs, path, v);
  if (n !== undefined && (n < 0 || !hasAtMostDecimals(n, 2))) errs.add(path, MONEY_MESSAGE);
}

function checkKeyProjects(errs: FieldErrorList, v: unknown): void {
  const firstBySeq = new Map<number, number>();
  readArray(errs, 'keyProjects', v, L.listItems)?.forEach((item, i) => {
    const path = fieldPath('keyProjects', i);
    const p = readObject(
      errs, path, item,
      ['seq', 'name', 'undertakingUnit', 'content', 'totalInvestment', 'periodStart', 'periodEnd', 'expectedResults'],
      ['expectedRevenue', 'remarks'],
    );
    if (!p) return;
    const seq = readNumber(errs, `${path}.seq`, p.seq);
    if (seq !== undefined) {
      if (!Number.isInteger(seq) || seq < 1) errs.add(`${path}.seq`, 'must be a positive integer');
      else if (firstBySeq.has(seq)) errs.add(`${path}.seq`, `must be unique: seq ${seq} is already used by keyProjects[${firstBySeq.get(seq)}]`);
      else firstBySeq.set(seq, i);
    }
    readString(errs, `${path}.name`, p.name, NAME);
    readString(errs, `${path}.undertakingUnit`, p.undertakingUnit, NAME);
    readString(errs, `${path}.content`, p.content, { max: L.keyProjectContent });
    checkMoney(errs, `${path}.totalInvestment`, p.totalInvestment);
    const start = readString(errs, `${path}.periodStart`, p.periodStart, MONTH);
    const end = readString(errs, `${path}.periodEnd`, p.periodEnd, MONTH);
    // `YYYY-MM` strings order like the months they name.
    if (start && end && isMonth(start) && isMonth(end) && end < start) {
      errs.add(`${path}.periodEnd`, `must not be before periodStart (${start})`);
    }
    readString(errs, `${path}.expectedResults`, p.expectedResults, { max: L.keyProjectExpectedResults });
    if (p.expectedRevenue !== undefined) checkMoney(errs, `${path}.expectedRevenue`, p.expectedRevenue);
    readString(errs, `${path}.remarks`, p.remarks, LINE);
  });
}
