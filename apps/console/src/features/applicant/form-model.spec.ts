import { blankApplication, fromSaved, leafPaths, namePath, toBody } from './form-model';
import { fieldOfBreach, missingItems } from './missing';
import { completeApplication } from '../../../../../libs/domain/src/rules/application.fixture';

const TASKS = { tasks: ['T1', 'T2', 'T3', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9'].map((code) => ({ code, name: code })), minTasks: 6 };

describe('the application form model', () => {
  it('turns a half-filled form into a body with every key the API requires, numbering the key projects', () => {
    const body = toBody({
      cover: { unitName: '天河区', contact: { name: '李四', fax: '' } },
      plan: { selectedTasks: ['T1', 'T2'], targets: { perTask: { T1: '目标一', T9: '已取消的任务' } }, workItems: [{ title: '建设' }] },
      keyProjects: [{ name: '甲', seq: 7 }, { name: '乙', totalInvestment: 12.5, expectedRevenue: 3 }],
    });
    expect(body.cover).toEqual({ unitName: '天河区', address: '', head: { name: '', mobile: '' }, contact: { name: '李四', mobile: '', email: '' } });
    expect(body.plan.targets.perTask).toEqual({ T1: '目标一', T2: '' });
    expect(body.plan.workItems).toEqual([{ title: '建设', due: '', responsibleUnit: '' }]);
    expect(body.keyProjects.map((p) => [p.seq, p.name, p.totalInvestment, p.expectedRevenue])).toEqual([
      [1, '甲', 0, undefined],
      [2, '乙', 12.5, 3],
    ]);
    expect('expectedRevenue' in body.keyProjects[0]!).toBe(false);
  });

  it('reads a saved application back unchanged', () => {
    const saved = toBody({ ...blankApplication('天河区'), basicSituation: '概况', enterprises: [{ name: '某公司', enteredOn: '2016-05', field: '大数据', products: '平台', standing: '龙头' }] });
    expect(fromSaved(saved, 'x')).toEqual(saved);
    expect(fromSaved(null, '天河区')).toEqual(blankApplication('天河区'));
  });

  it("parses the API's field paths into form name paths", () => {
    expect(namePath('keyProjects[2].content')).toEqual(['keyProjects', 2, 'content']);
    expect(namePath('application.cover.head.mobile')).toEqual(['cover', 'head', 'mobile']);
    expect(namePath('plan.targets.perTask.T1')).toEqual(['plan', 'targets', 'perTask', 'T1']);
    expect(namePath('plan.targets.perTask["a b"]')).toEqual(['plan', 'targets', 'perTask', 'a b']);
  });

  it('lists the leaves a change touched, skipping the holes of a list', () => {
    const changed: unknown[] = [];
    changed[2] = { content: 'x' };
    expect(leafPaths({ cover: { head: { mobile: '1' } }, keyProjects: changed })).toEqual([['cover', 'head', 'mobile'], ['keyProjects', 2, 'content']]);
  });
});

describe('still missing before submit', () => {
  it('names the field of every breach of the domain rules, and nothing once the form is complete', () => {
    const blank = missingItems(blankApplication('天河区'), TASKS);
    const fields = blank.map((m) => m.field);
    expect(fields).toEqual(
      expect.arrayContaining(['cover.address', 'cover.head.mobile', 'basicSituation', 'plan.selectedTasks', 'plan.workItems', 'keyProjects', 'plan.policyMeasures']),
    );
    expect(fields).not.toContain('cover.unitName');
    expect(blank.find((m) => m.field === 'plan.selectedTasks')?.rule).toBe('tasks.minimum');

    const partial = toBody({ plan: { selectedTasks: ['T1'] }, keyProjects: [{ name: '甲' }] });
    expect(missingItems(partial, TASKS).map((m) => m.field)).toEqual(expect.arrayContaining(['plan.targets.perTask.T1', 'keyProjects[0].content']));
    for (const item of [...blank, ...missingItems(partial, TASKS)]) expect(item.field).toMatch(/^(cover|basicSituation|currentStatus|plan|enterprises|keyProjects)\b/);
    // The form's own round trip keeps a complete application complete.
    expect(missingItems(toBody(completeApplication()), TASKS)).toEqual([]);
  });

  it('reads the field from either form of breach message', () => {
    expect(fieldOfBreach('cover.address must be filled in.')).toBe('cover.address');
    expect(fieldOfBreach('plan.selectedTasks: select at least 6 of the 9 pilot tasks (selected 1).')).toBe('plan.selectedTasks');
  });
});
