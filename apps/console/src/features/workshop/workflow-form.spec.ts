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

  it('edits the rest of a definition: a stage\'s return clock, the report grace, the ratings (sent best first), rounds, recusal, time zone', () => {
    const v = toForm(seeded);
    expect([v.stages.cityAudit.resetOnReturn, v.monitoring.reportGrace, v.monitoring.ratings, v.timeZone]).toEqual([true, 15, ['excellent', 'good', 'pass', 'fail'], 'Asia/Shanghai']);
    v.stages.cityAudit.resetOnReturn = false;
    v.monitoring.reportGrace = null;
    v.monitoring.ratings = ['fail', 'pass', 'excellent'];
    v.monitoring.rectificationRounds = 2;
    v.recusal.employer = false;
    v.timeZone = ' Asia/Hong_Kong ';
    const d = fromForm(v, seeded);
    expect(d.stages.cityAudit).toMatchObject({ resetOnReturn: false });
    expect(d.stages.recommendation).not.toHaveProperty('resetOnReturn');
    expect(d.monitoring).toEqual({ reportEvery: 'P6M', ratings: ['excellent', 'pass', 'fail'], missedReportsAsFail: 2, rectificationRounds: 2 });
    expect(d.recusal).toEqual({ homeCity: true, employer: false });
    expect(d.timeZone).toBe('Asia/Hong_Kong');
    expect(diffDefinitions(seeded, JSON.parse(JSON.stringify(d))).map((c) => c.path).sort()).toEqual([
      'monitoring.ratings', 'monitoring.rectificationRounds', 'monitoring.reportGrace', 'recusal.employer', 'stages.cityAudit.resetOnReturn', 'timeZone',
    ]);
  });

  it('sends a duration that is not whole days as it was typed', () => {
    const v = toForm({ ...seeded, publicity: { duration: 'PT36H', unit: 'calendar' } });
    expect(v.publicity.duration).toBe('PT36H');
    expect(fromForm(v, seeded).publicity.duration).toBe('PT36H');
  });
});
