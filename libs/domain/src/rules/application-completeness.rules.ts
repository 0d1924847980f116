/**
 * Completeness of an application at submit time (DOMAIN.md: "submit needs a complete form, ≥ min tasks,
 * ≥ 1 key project"). Formats were checked when the draft was saved; this only asks whether everything the notice
 * requires is there. Every breach names the field in its message, and `rule` ids are a stable contract.
 */
import type { Application } from '../case/application.types';
import type { RuleBreach } from '../errors';
import { isBlank } from './formats';

export const APPLICATION_RULES = {
  missing: 'application.missing',
  workItemsMinimum: 'workItems.minimum',
  keyProjectsMinimum: 'keyProjects.minimum',
  tasksMinimum: 'tasks.minimum',
  tasksUnknown: 'tasks.unknown',
  tasksDuplicate: 'tasks.duplicate',
  targetsPerTask: 'targets.perTask',
} as const;

/** What of a program the completeness check needs: the task catalogue and the minimum number to choose. */
export interface ProgramTaskRules {
  tasks: { code: string }[];
  minTasks: number;
}

const R = APPLICATION_RULES;
const missing = (field: string): RuleBreach => ({ rule: R.missing, message: `${field} must be filled in.` });

export function missingForSubmit(app: Application | undefined, program: ProgramTaskRules): RuleBreach[] {
  if (!app) return [{ rule: R.missing, message: 'application: the application form has not been filled in yet.' }];
  const breaches: RuleBreach[] = [];
  const require = (field: string, value: string | undefined): void => {
    if (isBlank(value)) breaches.push(missing(field));
  };
  const { cover, plan } = app;

  require('cover.unitName', cover.unitName);
  require('cover.address', cover.address);
  require('cover.head.name', cover.head.name);
  require('cover.head.mobile', cover.head.mobile);
  require('cover.contact.name', cover.contact.name);
  require('cover.contact.mobile', cover.contact.mobile);
  require('cover.contact.email', cover.contact.email);
  require('basicSituation', app.basicSituation);
  require('currentStatus', app.currentStatus);
  require('plan.taskStatus', plan.taskStatus);
  require('plan.approach', plan.approach);
  require('plan.targets.overall', plan.targets.overall);
  require('plan.policyMeasures', plan.policyMeasures);

  breaches.push(...taskBreaches(plan.selectedTasks, plan.targets.perTask, program));

  plan.customTasks.forEach((t, i) => {
    require(`plan.customTasks[${i}].title`, t.title);
    require(`plan.customTasks[${i}].description`, t.description);
  });
  if (plan.workItems.length === 0) {
    breaches.push({ rule: R.workItemsMinimum, message: 'plan.workItems: list at least 1 work item with a time node and a responsible unit.' });
  }
  plan.workItems.forEach((w, i) => {
    require(`plan.workItems[${i}].title`, w.title);
    require(`plan.workItems[${i}].due`, w.due);
    require(`plan.workItems[${i}].responsibleUnit`, w.responsibleUnit);
  });
  app.enterprises.forEach((e, i) => {
    for (const key of ['name', 'enteredOn', 'field', 'products'] as const) require(`enterprises[${i}].${key}`, e[key]);
  });
  if (app.keyProjects.length === 0) {
    breaches.push({ rule: R.keyProjectsMinimum, message: 'keyProjects: list at least 1 key task (project).' });
  }
  app.keyProjects.forEach((p, i) => {
    for (const key of ['name', 'undertakingUnit', 'content', 'periodStart', 'periodEnd', 'expectedResults'] as const) {
      require(`keyProjects[${i}].${key}`, p[key]);
    }
  });
  return breaches;
}

function taskBreaches(selected: string[], perTask: Record<string, string>, program: ProgramTaskRules): RuleBreach[] {
  const breaches: RuleBreach[] = [];
  const catalogue = program.tasks.map((t) => t.code);
  const seen = new Set<string>();
  const chosen: string[] = [];
  for (const code of selected) {
    if (seen.has(code)) {
      breaches.push({ rule: R.tasksDuplicate, message: `plan.selectedTasks: ${code} is selected more than once.` });
      continue;
    }
    seen.add(code);
    if (!catalogue.includes(code)) {
      breaches.push({
        rule: R.tasksUnknown,
        message: `plan.selectedTasks: ${code} is not one of the program's pilot tasks (${catalogue.join(', ')}); own tasks go in plan.customTasks.`,
      });
    } else chosen.push(code);
  }
  if (chosen.length < program.minTasks) {
    breaches.push({
      rule: R.tasksMinimum,
      message: `plan.selectedTasks: select at least ${program.minTasks} of the ${catalogue.length} pilot tasks (selected ${chosen.length}).`,
    });
  }
  for (const code of chosen) {
    // own-property check: a code like "constructor" must not find Object.prototype
    const target = Object.prototype.hasOwnProperty.call(perTask, code) ? perTask[code] : undefined;
    if (isBlank(target)) {
      breaches.push({ rule: R.targetsPerTask, message: `plan.targets.perTask.${code}: set a target for each selected task.` });
    }
  }
  return breaches;
}
