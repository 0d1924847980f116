/** Field checks for a program's settings (`POST /programs`), reported as VALIDATION_FAILED field errors. */
import type { FieldError } from '../errors';
import { isValidDate } from './program.dates';
import type { ProgramSettings } from './program.events';

export const KEY_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CODE6_RE = /^\d{6}$/;

const blank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';
const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);

class Errors {
  private readonly byField = new Map<string, string[]>();
  add(field: string, message: string): void {
    this.byField.set(field, [...(this.byField.get(field) ?? []), message]);
  }
  list(): FieldError[] {
    return [...this.byField].map(([field, messages]) => ({ field, messages }));
  }
}

function checkRegions(s: ProgramSettings, e: Errors): void {
  if (!Array.isArray(s.regions) || s.regions.length === 0) {
    e.add('regions', 'at least one region is required');
    return;
  }
  const cities = new Set<string>();
  const districts = new Set<string>();
  s.regions.forEach((r, i) => {
    const at = `regions[${i}]`;
    if (!CODE6_RE.test(r.cityCode ?? '')) e.add(`${at}.cityCode`, 'must be a 6-digit code');
    else if (cities.has(r.cityCode)) e.add(`${at}.cityCode`, `duplicate city ${r.cityCode}`);
    cities.add(r.cityCode);
    if (blank(r.name)) e.add(`${at}.name`, 'must not be blank');
    if (!isInt(r.limit) || r.limit < 0) e.add(`${at}.limit`, 'must be an integer ≥ 0');
    if (!Array.isArray(r.districts)) {
      e.add(`${at}.districts`, 'must be a list');
      return;
    }
    r.districts.forEach((d, j) => {
      const dat = `${at}.districts[${j}]`;
      if (!CODE6_RE.test(d.code ?? '')) e.add(`${dat}.code`, 'must be a 6-digit code');
      else if (d.code === r.cityCode || d.code.slice(0, 4) !== String(r.cityCode).slice(0, 4))
        e.add(`${dat}.code`, `district ${d.code} does not belong to city ${r.cityCode}`);
      else if (districts.has(d.code)) e.add(`${dat}.code`, `duplicate district ${d.code}`);
      districts.add(d.code);
      if (blank(d.name)) e.add(`${dat}.name`, 'must not be blank');
    });
  });
}

function checkTasks(s: ProgramSettings, e: Errors): void {
  if (!Array.isArray(s.tasks) || s.tasks.length === 0) {
    e.add('tasks', 'at least one task is required');
  } else {
    const codes = new Set<string>();
    s.tasks.forEach((t, i) => {
      if (blank(t.code)) e.add(`tasks[${i}].code`, 'must not be blank');
      else if (codes.has(t.code)) e.add(`tasks[${i}].code`, `duplicate task ${t.code}`);
      codes.add(t.code);
      if (blank(t.name)) e.add(`tasks[${i}].name`, 'must not be blank');
    });
  }
  const taskCount = Array.isArray(s.tasks) ? s.tasks.length : 0;
  if (!isInt(s.minTasks) || s.minTasks < 1 || s.minTasks > taskCount)
    e.add('minTasks', `must be an integer from 1 to the number of tasks (${taskCount})`);
}

function checkDates(s: ProgramSettings, e: Errors): void {
  const w = s.window ?? { opensOn: undefined, closesOn: undefined };
  if (!isValidDate(w.opensOn)) e.add('window.opensOn', 'must be a date YYYY-MM-DD');
  if (!isValidDate(w.closesOn)) e.add('window.closesOn', 'must be a date YYYY-MM-DD');
  if (isValidDate(w.opensOn) && isValidDate(w.closesOn) && w.opensOn > w.closesOn)
    e.add('window.closesOn', 'must not be before window.opensOn');
  if (!isValidDate(s.targetDate)) e.add('targetDate', 'must be a date YYYY-MM-DD');
  else if (isValidDate(w.closesOn) && s.targetDate < w.closesOn) e.add('targetDate', 'must not be before window.closesOn');
}

export function validateProgramSettings(s: ProgramSettings): FieldError[] {
  const e = new Errors();
  if (typeof s.key !== 'string' || !KEY_RE.test(s.key) || s.key.length > 64)
    e.add('key', 'must be lower-case letters and digits in dash-separated words (≤ 64 characters)');
  if (blank(s.name)) e.add('name', 'must not be blank');
  if (!s.workflow || typeof s.workflow.key !== 'string' || !KEY_RE.test(s.workflow.key)) e.add('workflow.key', 'must be a workflow key');
  if (!s.workflow || !isInt(s.workflow.version) || s.workflow.version < 1) e.add('workflow.version', 'must be an integer ≥ 1');
  checkRegions(s, e);
  checkTasks(s, e);
  const q = s.quota ?? { min: undefined, max: undefined };
  if (!isInt(q.min) || q.min < 1) e.add('quota.min', 'must be an integer ≥ 1');
  if (!isInt(q.max) || (isInt(q.min) && q.max < q.min)) e.add('quota.max', 'must be an integer ≥ quota.min');
  checkDates(s, e);
  checkPaperwork(s, e);
  return e.list();
}

function checkPaperwork(s: ProgramSettings, e: Errors): void {
  const p = s.paperwork;
  if (p === undefined) return;
  if (typeof p !== 'object' || p === null) return e.add('paperwork', 'must be an object {sealedApplicationBeforeSubmit, recommendationLetterScan, paperCopies}');
  if (typeof p.sealedApplicationBeforeSubmit !== 'boolean') e.add('paperwork.sealedApplicationBeforeSubmit', 'must be true or false');
  if (typeof p.recommendationLetterScan !== 'boolean') e.add('paperwork.recommendationLetterScan', 'must be true or false');
  if (!isInt(p.paperCopies) || p.paperCopies < 0 || p.paperCopies > 20) e.add('paperwork.paperCopies', 'must be an integer from 0 to 20');
}
