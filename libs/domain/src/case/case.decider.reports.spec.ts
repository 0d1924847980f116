import type { CaseCommand } from './case.commands';
import type { CaseEvent } from './case.events';
import { actors, drafted, given, inMonitoring } from './case.spec-helpers';

const DUE = '2020-03-01T02:00:00.000Z';
const due = (period: string): CaseCommand => ({ type: 'MarkReportDue', data: { period, dueAt: DUE } });
const missed = (period: string): CaseCommand => ({ type: 'MarkReportMissed', data: { period, dueAt: DUE } });
const dueEvent = (period: string): CaseEvent => ({ type: 'ProgressReportDue', data: { period, dueAt: DUE } });
const missedEvent = (period: string, missedInRow: number): CaseEvent => ({ type: 'ProgressReportMissed', data: { period, dueAt: DUE, missedInRow, escalatedTo: 'city' } });
const filed = (period: string): CaseEvent => ({
  type: 'ProgressReportFiled',
  data: { reportId: `r-${period}`, period, narrative: '进展', indicators: [], projects: [] },
});

describe('MarkReportDue', () => {
  it('marks a period due once, in progressEvaluation only', () => {
    given(...inMonitoring).when(due('P1'), actors.province).then([dueEvent('P1')]);
    given(...inMonitoring, dueEvent('P1')).when(due('P1'), actors.province).then([]);
    given(...inMonitoring, filed('P1')).when(due('P1'), actors.province).then([]);
    given(...drafted).when(due('P1'), actors.province).then([]);
  });

  it('is for the system only and checks the label and the instant', () => {
    given(...inMonitoring).when(due('P1'), actors.tianhe).thenError('FORBIDDEN');
    given(...inMonitoring).when(due('2019H1'), actors.province).thenError('VALIDATION_FAILED');
    given(...inMonitoring).when({ type: 'MarkReportDue', data: { period: 'P1', dueAt: '2020-03-01' } }, actors.province).thenError('VALIDATION_FAILED');
  });
});

describe('MarkReportMissed', () => {
  it('flags a missed period and escalates it to the cities, counting misses in a row', () => {
    given(...inMonitoring, dueEvent('P1')).when(missed('P1'), actors.province).then([missedEvent('P1', 1)]);
    given(...inMonitoring, missedEvent('P1', 1), dueEvent('P2')).when(missed('P2'), actors.province).then([missedEvent('P2', 2)]);
    // A period answered in between breaks the row.
    given(...inMonitoring, missedEvent('P1', 1), filed('P2')).when(missed('P3'), actors.province).then([missedEvent('P3', 1)]);
  });

  it('is ignored when the report was filed, when already marked, and outside progressEvaluation', () => {
    given(...inMonitoring, dueEvent('P1'), filed('P1')).when(missed('P1'), actors.province).then([]);
    given(...inMonitoring, missedEvent('P1', 1)).when(missed('P1'), actors.province).then([]);
    given(...drafted).when(missed('P1'), actors.province).then([]);
    given(...inMonitoring).when(missed('P1'), actors.guangzhou).thenError('FORBIDDEN');
  });

  it('records the marks in the case state', () => {
    const s = given(...inMonitoring, dueEvent('P1'), missedEvent('P1', 1)).caseState;
    expect(s?.monitoring.due).toEqual([{ period: 'P1', dueAt: DUE }]);
    expect(s?.monitoring.missed).toEqual([{ period: 'P1', dueAt: DUE, missedInRow: 1 }]);
    expect(s?.stage).toBe('progressEvaluation');
  });
});
