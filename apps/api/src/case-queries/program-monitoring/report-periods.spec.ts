import { GD_BDPZ_2019 } from '@shenbao/workflows';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { MAX_PERIODS, periodStatus, periodTimes, periodsDueBy, reportPeriods } from './report-periods';

// gd-bdpz-2019: a report every P6M, 15 days of grace, Asia/Shanghai. Approved 2019-07-01 10:00 in Shanghai.
const APPROVED_AT = '2019-07-01T02:00:00.000Z';
const at = (iso: string): Date => new Date(iso);

describe('report periods', () => {
  it('falls due n × reportEvery after the approval and is missed 15 days (the grace) later', () => {
    expect(periodTimes(GD_BDPZ_2019, APPROVED_AT, 1)).toMatchObject({ dueOn: '2020-01-01', dueAt: '2020-01-01T02:00:00.000Z', missedAt: '2020-01-16T02:00:00.000Z', dayEndsAt: '2020-01-01T16:00:00.000Z' });
    expect(periodTimes(GD_BDPZ_2019, APPROVED_AT, 2)).toMatchObject({ dueOn: '2020-07-01', dueAt: '2020-07-01T02:00:00.000Z', missedAt: '2020-07-16T02:00:00.000Z', dayEndsAt: '2020-07-01T16:00:00.000Z' });
    expect(periodTimes(GD_BDPZ_2019, APPROVED_AT, 1).ms).toEqual({ due: Date.parse('2020-01-01T02:00:00.000Z'), missed: Date.parse('2020-01-16T02:00:00.000Z'), dayEnd: Date.parse('2020-01-01T16:00:00.000Z') });
  });

  it('is missed at the due time itself when the workflow gives no grace', () => {
    const { reportGrace: _grace, ...withoutGrace } = GD_BDPZ_2019.monitoring;
    const noGrace: WorkflowDefinition = { ...GD_BDPZ_2019, monitoring: withoutGrace };
    expect(periodTimes(noGrace, APPROVED_AT, 1)).toMatchObject({ dueOn: '2020-01-01', dueAt: '2020-01-01T02:00:00.000Z', missedAt: '2020-01-01T02:00:00.000Z' });
  });

  describe('status', () => {
    const p1 = periodTimes(GD_BDPZ_2019, APPROVED_AT, 1);
    const now = at('2021-01-01T00:00:00Z');

    it('is filed when reported on or before the due day (in Shanghai), late after it', () => {
      expect(periodStatus(p1, '2019-12-20T03:00:00.000Z', now)).toBe('filed');
      // 2020-01-01 23:59 in Shanghai: still the due day, though after the due instant.
      expect(periodStatus(p1, '2020-01-01T15:59:00.000Z', now)).toBe('filed');
      // 2020-01-02 00:00 in Shanghai.
      expect(periodStatus(p1, '2020-01-01T16:00:00.000Z', now)).toBe('late');
      // Filed after the grace too: late, not missing.
      expect(periodStatus(p1, '2020-03-01T02:00:00.000Z', now)).toBe('late');
    });

    it('is due until the grace is over, then missing', () => {
      expect(periodStatus(p1, undefined, at('2019-09-01T00:00:00Z'))).toBe('due');
      expect(periodStatus(p1, undefined, at('2020-01-05T00:00:00Z'))).toBe('due');
      expect(periodStatus(p1, undefined, at('2020-01-16T01:59:59.999Z'))).toBe('due');
      expect(periodStatus(p1, undefined, at('2020-01-16T02:00:00.000Z'))).toBe('missing');
    });
  });

  it('counts the periods fallen due by an instant', () => {
    expect(periodsDueBy(GD_BDPZ_2019, APPROVED_AT, at('2019-12-31T00:00:00Z'))).toBe(0);
    expect(periodsDueBy(GD_BDPZ_2019, APPROVED_AT, at('2020-01-01T02:00:00Z'))).toBe(1);
    expect(periodsDueBy(GD_BDPZ_2019, APPROVED_AT, at('2022-12-31T00:00:00Z'))).toBe(6);
  });

  it('lists every period fallen due and the next one, with their status', () => {
    const filed = new Map([['P1', '2019-12-20T03:00:00.000Z'], ['P3', '2021-01-10T03:00:00.000Z']]);
    expect(reportPeriods(GD_BDPZ_2019, { approvedAt: APPROVED_AT, filed }, at('2021-02-01T00:00:00Z'))).toEqual([
      { period: 'P1', dueOn: '2020-01-01', filedAt: '2019-12-20T03:00:00.000Z', status: 'filed' },
      { period: 'P2', dueOn: '2020-07-01', status: 'missing' },
      { period: 'P3', dueOn: '2021-01-01', filedAt: '2021-01-10T03:00:00.000Z', status: 'late' },
      { period: 'P4', dueOn: '2021-07-01', status: 'due' },
    ]);
  });

  it('lists a period reported early, and after the end of the pilot no further period', () => {
    const early = new Map([['P2', '2019-12-01T03:00:00.000Z']]);
    expect(reportPeriods(GD_BDPZ_2019, { approvedAt: APPROVED_AT, filed: early }, at('2019-12-01T04:00:00Z')).map((p) => [p.period, p.status])).toEqual([
      ['P1', 'due'],
      ['P2', 'filed'],
    ]);
    const ended = reportPeriods(GD_BDPZ_2019, { approvedAt: APPROVED_AT, filed: new Map(), endedAt: '2020-09-01T00:00:00.000Z' }, at('2023-01-01T00:00:00Z'));
    expect(ended.map((p) => [p.period, p.status])).toEqual([
      ['P1', 'missing'],
      ['P2', 'missing'],
    ]);
  });

  it('lists only the latest periods of a very short cadence', () => {
    const daily: WorkflowDefinition = { ...GD_BDPZ_2019, monitoring: { ...GD_BDPZ_2019.monitoring, reportEvery: 'P1D', reportGrace: 'P1D' } };
    // 2019-07-02 … 2020-07-01 10:00 Shanghai fell due by 2020-07-01 12:00: 366 periods (2020 is a leap year), P367 next.
    const periods = reportPeriods(daily, { approvedAt: APPROVED_AT, filed: new Map() }, at('2020-07-01T04:00:00Z'));
    expect(periods).toHaveLength(MAX_PERIODS);
    expect(periods[0]!.period).toBe(`P${367 - MAX_PERIODS + 1}`);
    expect(periods.at(-1)).toEqual({ period: 'P367', dueOn: '2020-07-02', status: 'due' });
    expect(periods.at(-2)).toEqual({ period: 'P366', dueOn: '2020-07-01', status: 'due' });
    expect(periods.at(-3)).toEqual({ period: 'P365', dueOn: '2020-06-30', status: 'missing' });
  });
});
