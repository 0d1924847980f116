import { GD_BDPZ_2019 } from '@shenbao/workflows';
import { planProgramWindow, planReportPeriod, scaleDuration } from './deadline-planner';

describe('report cadence deadlines', () => {
  const approvedAt = new Date('2019-09-01T02:00:00Z');

  it('plans period n at enteredAt + n × reportEvery and its miss after the grace, with stable ids', () => {
    expect(scaleDuration('P6M', 2)).toBe('P12M');
    expect(scaleDuration('P1DT2H', 3)).toBe('P3DT6H');
    const [due, missed] = planReportPeriod(GD_BDPZ_2019, 'c1', 9, approvedAt, 2);
    expect(due).toMatchObject({ id: 'dl-c1-progressEvaluation-9-report-due-2', kind: 'report-due-2', dueAt: '2020-09-01T02:00:00.000Z' });
    expect(due!.action).toEqual({ type: 'MarkReportDue', data: { period: 'P2', entry: 9, dueAt: '2020-09-01T02:00:00.000Z' } });
    expect(missed).toMatchObject({ id: 'dl-c1-progressEvaluation-9-report-missed-2', dueAt: '2020-09-16T02:00:00.000Z' });
    expect(missed!.action).toEqual({ type: 'MarkReportMissed', data: { period: 'P2', entry: 9, dueAt: '2020-09-01T02:00:00.000Z' } });
    expect(due!.id).not.toContain(':');
  });
});

describe('program window deadlines', () => {
  it('reminds at 00:00 Shanghai three days before the last day and closes at its end', () => {
    const planned = planProgramWindow('p1', '2019-04-26', 3, new Date('2019-02-27T02:00:00Z'));
    expect(planned.map((d) => [d.id, d.dueAt, d.action.type])).toEqual([
      ['dl-program-p1-window-closing', '2019-04-22T16:00:00.000Z', 'RemindWindowClosing'],
      ['dl-program-p1-window-closed', '2019-04-26T16:00:00.000Z', 'CloseProgramWindow'],
    ]);
    expect(planned[0]).toMatchObject({ caseId: 'program-p1', stage: 'window', entry: 0 });
  });

  it('plans nothing for a program created after its window was over', () => {
    expect(planProgramWindow('p1', '2019-04-26', 3, new Date('2026-01-01T00:00:00Z'))).toEqual([]);
  });
});

