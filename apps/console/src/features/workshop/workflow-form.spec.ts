import type { WorkflowDefinition } from './api';
import { SEEDED } from './definition.fixture';
import { fromForm, toForm } from './workflow-form';
import { diffDefinitions } from './workflow-model';

const seeded = JSON.parse(JSON.stringify(SEEDED)) as WorkflowDefinition;

describe('new-version form values', () => {
  it('gives back the source definition when nothing is changed', () => {
    const back = fromForm(toForm(seeded), seeded);
    expect(diffDefinitions(seeded, JSON.parse(JSON.stringify(back)))).toEqual([]);
  });

  it('shows whole-day durations as day counts and the cadence in months', () => {
    const v = toForm(seeded);
    expect(v.stages.cityAudit.timeLimit).toEqual({ duration: 10, unit: 'working' });
    expect(v.stages.cityAudit.reminders).toEqual([3, 1]);
    expect(v.stages.draft.timeLimit.duration).toBeUndefined();
    expect(v.stages.defense.enabled).toBe(true);
    expect(v.publicity).toEqual({ duration: 7, unit: 'calendar' });
    expect(v.monitoring.reportEvery).toBe(6);
  });

  it('makes the changed definition: defense off, a stage limit, a cleared limit drops its reminders', () => {
    const v = toForm(seeded);
    v.stages.defense.enabled = false;
    v.stages.cityAudit.timeLimit = { duration: 12, unit: 'calendar' };
    v.stages.approval.timeLimit.duration = null;
    const d = fromForm(v, seeded);
    expect(d.stages.defense).toMatchObject({ enabled: false });
    expect(d.stages.cityAudit).toEqual({ timeLimit: { duration: 'P12D', unit: 'calendar' }, reminders: ['P3D', 'P1D'] });
    expect(d.stages.approval).toEqual({});
    expect(d.timeZone).toBe('Asia/Shanghai');
  });

  it('sends a duration that is not whole days as it was typed', () => {
    const v = toForm({ ...seeded, publicity: { duration: 'PT36H', unit: 'calendar' } });
    expect(v.publicity.duration).toBe('PT36H');
    expect(fromForm(v, seeded).publicity.duration).toBe('PT36H');
  });
});
