import type { RuleBreach } from '../errors';
import { completeApplication, PILOT_TASKS } from './application.fixture';
import { missingForSubmit } from './application.rules';

const program = { tasks: PILOT_TASKS, minTasks: 6 };
type App = ReturnType<typeof completeApplication>;
const breachesAfter = (change: (a: App) => void): RuleBreach[] => {
  const a = completeApplication();
  change(a);
  return missingForSubmit(a, program);
};
const rules = (bs: RuleBreach[]): string[] => bs.map((b) => b.rule);

describe('missingForSubmit', () => {
  it('finds nothing missing in a complete application', () => {
    expect(missingForSubmit(completeApplication(), program)).toEqual([]);
  });

  it('reports an application never saved', () => {
    expect(rules(missingForSubmit(undefined, program))).toEqual(['application.missing']);
  });

  it('names every blank required text (whitespace, incl. the ideographic space, is blank)', () => {
    const breaches = breachesAfter((a) => {
      a.cover.unitName = '';
      a.cover.head.mobile = '   ';
      a.cover.contact.email = '\u3000';
      a.plan.policyMeasures = '';
    });
    expect(breaches).toEqual([
      { rule: 'application.missing', message: 'cover.unitName must be filled in.' },
      { rule: 'application.missing', message: 'cover.head.mobile must be filled in.' },
      { rule: 'application.missing', message: 'cover.contact.email must be filled in.' },
      { rule: 'application.missing', message: 'plan.policyMeasures must be filled in.' },
    ]);
  });

  it('the fax is optional', () => {
    expect(breachesAfter((a) => { delete a.cover.contact.fax; })).toEqual([]);
  });

  it('needs at least the minimum of catalogue tasks', () => {
    const breaches = breachesAfter((a) => { a.plan.selectedTasks = ['T1', 'T2', 'T3', 'T4']; });
    expect(breaches).toEqual([
      { rule: 'tasks.minimum', message: 'plan.selectedTasks: select at least 6 of the 9 pilot tasks (selected 4).' },
    ]);
  });

  it('refuses unknown codes and does not count them or duplicates toward the minimum', () => {
    const breaches = breachesAfter((a) => { a.plan.selectedTasks = ['T1', 'T2', 'T3', 'T4', 'T5', 'T5', 'T10']; });
    expect(rules(breaches)).toEqual(['tasks.duplicate', 'tasks.unknown', 'tasks.minimum']);
    expect(breaches[1].message).toContain('T10');
    expect(breaches[2].message).toContain('(selected 5)');
  });

  it('needs a target for each selected task', () => {
    const breaches = breachesAfter((a) => {
      a.plan.selectedTasks = [...a.plan.selectedTasks, 'T9'];
      a.plan.targets.perTask.T1 = ' ';
    });
    expect(breaches).toEqual([
      { rule: 'targets.perTask', message: 'plan.targets.perTask.T1: set a target for each selected task.' },
      { rule: 'targets.perTask', message: 'plan.targets.perTask.T9: set a target for each selected task.' },
    ]);
  });

  it('a task code like "constructor" finds no inherited target', () => {
    const breaches = missingForSubmit(completeApplication(), { tasks: [...PILOT_TASKS, { code: 'constructor' }], minTasks: 6 });
    expect(breaches).toEqual([]);
    const selected = breachesAfter((a) => { a.plan.selectedTasks.push('constructor'); });
    expect(rules(selected)).toEqual(['tasks.unknown']);
  });

  it('needs at least one work item and one key project', () => {
    const breaches = breachesAfter((a) => {
      a.plan.workItems = [];
      a.keyProjects = [];
    });
    expect(rules(breaches)).toEqual(['workItems.minimum', 'keyProjects.minimum']);
  });

  it('needs each key project, work item, custom task and enterprise row complete', () => {
    const breaches = breachesAfter((a) => {
      a.keyProjects.push({ ...a.keyProjects[0], seq: 2, content: '', periodEnd: '' });
      a.plan.workItems[0].responsibleUnit = '';
      a.plan.customTasks[0].description = '';
      a.enterprises[0].products = '';
    });
    expect(breaches.map((b) => b.message)).toEqual([
      'plan.customTasks[0].description must be filled in.',
      'plan.workItems[0].responsibleUnit must be filled in.',
      'enterprises[0].products must be filled in.',
      'keyProjects[1].content must be filled in.',
      'keyProjects[1].periodEnd must be filled in.',
    ]);
  });

  it('honours a program-specific minimum and catalogue', () => {
    const small = { tasks: [{ code: 'A' }, { code: 'B' }], minTasks: 1 };
    const a = completeApplication();
    a.plan.selectedTasks = ['B'];
    a.plan.targets.perTask = { B: 'target' };
    expect(missingForSubmit(a, small)).toEqual([]);
  });
});
