import { GD_BDPZ_2019 } from '@shenbao/workflows';
import type { MonitoredZone } from '@shenbao/projections';
import { investmentByPeriod, monitoringView, percentOf, periodRatings, riskReasons } from './monitoring.view';
import { addDays } from './report-periods';

const zone = (caseId: string, over: Partial<MonitoredZone> = {}): MonitoredZone => ({
  caseId,
  programId: 'p',
  workflow: { key: GD_BDPZ_2019.key, version: GD_BDPZ_2019.version },
  unitName: `${caseId} 区人民政府`,
  cityCode: '440100',
  cities: ['440100'],
  approvedOn: '2019-07-01',
  approvedAt: '2019-07-01T02:00:00.000Z',
  planned: 1200.5,
  investedToDate: 0,
  reports: [],
  ratings: [],
  rectifications: [],
  ...over,
});

describe('monitoring view', () => {
  it('rates a period by the worst city and the latest province rating', () => {
    expect(
      periodRatings([
        { period: 'P1', level: 'city', cityCode: '440100', rating: 'good' },
        { period: 'P1', level: 'city', cityCode: '440300', rating: 'pass' },
        { period: 'P1', level: 'province', rating: 'fail' },
        { period: 'P2', level: 'city', cityCode: '440100', rating: 'excellent' },
        { period: 'P1', level: 'province', rating: 'good' },
      ]),
    ).toEqual([
      { period: 'P1', city: 'pass', province: 'good' },
      { period: 'P2', city: 'excellent' },
    ]);
  });

  it('names each risk with its code', () => {
    const today = '2020-03-01';
    const clean = { reports: [{ period: 'P1', dueOn: '2020-01-01', status: 'filed' as const }], ratings: [{ period: 'P1', city: 'good', province: 'good' }], rectifications: [] };
    expect(riskReasons(clean, today)).toEqual([]);
    expect(riskReasons({ ...clean, reports: [{ period: 'P1', dueOn: '2020-01-01', status: 'missing' }] }, today)).toEqual(['reportMissing']);
    expect(riskReasons({ ...clean, reports: [{ period: 'P1', dueOn: '2020-01-01', status: 'late' }] }, today)).toEqual([]);
    expect(riskReasons({ ...clean, ratings: [{ period: 'P1', city: 'fail' }] }, today)).toEqual(['ratingFail']);
    // The province's rating stands over the cities'.
    expect(riskReasons({ ...clean, ratings: [{ period: 'P1', city: 'fail', province: 'pass' }] }, today)).toEqual([]);
    const rect = (dueOn: string, status: 'open' | 'passed' | 'failed' = 'open') => ({ ...clean, rectifications: [{ period: 'P1', dueOn, status }] });
    expect(riskReasons(rect('2020-03-01'), today)).toEqual(['rectificationDueSoon']);
    expect(riskReasons(rect('2020-03-31'), today)).toEqual(['rectificationDueSoon']);
    expect(riskReasons(rect('2020-04-01'), today)).toEqual([]);
    expect(riskReasons(rect('2020-02-29'), today)).toEqual(['rectificationOverdue']);
    expect(riskReasons(rect('2020-03-10', 'passed'), today)).toEqual([]);
  });

  it('adds calendar days across months and leap days', () => {
    expect(addDays('2020-03-01', 30)).toBe('2020-03-31');
    expect(addDays('2020-02-20', 30)).toBe('2020-03-21');
    expect(addDays('2019-12-15', 30)).toBe('2020-01-14');
  });

  it('gives the investment completion to one decimal', () => {
    expect(percentOf(600, 1200.5)).toBe(50);
    expect(percentOf(100, 300)).toBe(33.3);
    expect(percentOf(200, 300)).toBe(66.7);
    expect(percentOf(5, 0)).toBe(0);
  });

  it('gives investment completion per period reported, in period order, a period reported twice by its later report', () => {
    const report = (period: string, investedToDate: number, n: number) => ({ reportId: `r${n}`, period, filedAt: `2020-0${n}-01T02:00:00.000Z`, investedToDate });
    expect(investmentByPeriod([report('P2', 300, 1), report('P1', 100, 2), report('P10', 1200, 3), report('P2', 450, 4)], 1200)).toEqual([
      { period: 'P1', toDate: 100, percent: 8.3 },
      { period: 'P2', toDate: 450, percent: 37.5 },
      { period: 'P10', toDate: 1200, percent: 100 },
    ]);
    expect(investmentByPeriod([], 1200)).toEqual([]);
    expect(investmentByPeriod([report('P1', 5, 1)], 0)).toEqual([{ period: 'P1', toDate: 5, percent: 0 }]);
  });

  it('puts zones at risk first, each group in the order approved, and never an ended pilot', () => {
    const now = new Date('2020-03-01T00:00:00Z');
    const zones = [
      zone('A', { reports: [{ reportId: 'r1', period: 'P1', filedAt: '2019-12-20T02:00:00.000Z', investedToDate: 600 }], investedToDate: 600 }),
      zone('B'),
      zone('C', { reports: [{ reportId: 'r2', period: 'P1', filedAt: '2019-12-20T02:00:00.000Z', investedToDate: 10 }], rectifications: [{ period: 'P1', dueOn: '2020-03-20', status: 'open' }] }),
      zone('D', { ended: { as: 'revoked', at: '2020-02-01T00:00:00.000Z' } }),
    ];
    const view = monitoringView(zones, () => GD_BDPZ_2019, now);
    expect(view.zones.map((z) => [z.caseId, z.atRisk, z.riskReasons, z.stage])).toEqual([
      ['B', true, ['reportMissing'], 'progressEvaluation'],
      ['C', true, ['rectificationDueSoon'], 'progressEvaluation'],
      ['A', false, [], 'progressEvaluation'],
      ['D', false, [], 'revoked'],
    ]);
    const a = view.zones.find((z) => z.caseId === 'A')!;
    expect(a.investment).toEqual({ planned: 1200.5, toDate: 600, percent: 50 });
    expect(a.investmentByPeriod).toEqual([{ period: 'P1', toDate: 600, percent: 50 }]);
    expect(view.zones.find((z) => z.caseId === 'B')!.investmentByPeriod).toEqual([]);
    expect(a.reports).toEqual([
      { period: 'P1', dueOn: '2020-01-01', filedAt: '2019-12-20T02:00:00.000Z', status: 'filed' },
      { period: 'P2', dueOn: '2020-07-01', status: 'due' },
    ]);
    expect(view.zones.find((z) => z.caseId === 'D')!.reports).toEqual([{ period: 'P1', dueOn: '2020-01-01', status: 'missing' }]);
  });
});
