import { heatCells, investmentPeriods, openRectifications, overallCompletion, ratedPeriods, reportCounts, standingRating } from './monitoring-model';
import type { Zone } from './data';

const zone = (over: Partial<Zone>): Zone => ({
  caseId: 'z', unitName: '珠海市香洲区人民政府', cityCode: '440400', cities: ['440400'], approvedOn: '2019-03-20', stage: 'progressEvaluation',
  reports: [], ratings: [], investment: { planned: 100, toDate: 0, percent: 0 }, investmentByPeriod: [], rectifications: [], atRisk: false, riskReasons: [], ...over,
});

describe('monitoring figures', () => {
  it('counts a zone’s reports by status', () => {
    const z = zone({ reports: [{ period: 'P1', dueOn: '2019-09-20', status: 'filed' }, { period: 'P2', dueOn: '2020-03-20', status: 'late' }, { period: 'P3', dueOn: '2020-09-20', status: 'due' }, { period: 'P4', dueOn: '2021-03-20', status: 'missing' }, { period: 'P5', dueOn: '2021-09-20', status: 'missing' }] });
    expect(reportCounts(z)).toEqual({ filed: 1, late: 1, missing: 2, due: 1 });
  });

  it("takes the province's rating of a period, else the cities'", () => {
    expect(standingRating({ period: 'P1', city: 'good', province: 'fail' })).toBe('fail');
    expect(standingRating({ period: 'P1', city: 'good' })).toBe('good');
    expect(standingRating({ period: 'P1' })).toBeUndefined();
  });

  it('orders periods by number (P10 after P9) and places each rating in the heat map', () => {
    const zones = [zone({ ratings: [{ period: 'P10', province: 'excellent' }, { period: 'P9', city: 'pass' }] }), zone({ ratings: [{ period: 'P2', province: 'fail' }] })];
    const periods = ratedPeriods(zones);
    expect(periods).toEqual(['P2', 'P9', 'P10']);
    expect(heatCells(zones, periods)).toEqual([[2, 0, 3], [1, 0, 1], [0, 1, 0]]);
  });

  it('orders the periods reported and totals the zones that reported each one', () => {
    const zones = [
      zone({ investment: { planned: 1000, toDate: 600, percent: 60 }, investmentByPeriod: [{ period: 'P1', toDate: 200, percent: 20 }, { period: 'P10', toDate: 600, percent: 60 }] }),
      zone({ investment: { planned: 200, toDate: 100, percent: 50 }, investmentByPeriod: [{ period: 'P1', toDate: 100, percent: 50 }, { period: 'P2', toDate: 150, percent: 75 }] }),
      zone({ investment: { planned: 0, toDate: 5, percent: 0 }, investmentByPeriod: [{ period: 'P3', toDate: 5, percent: 0 }] }),
    ];
    const periods = investmentPeriods(zones);
    expect(periods).toEqual(['P1', 'P2', 'P3', 'P10']);
    // P1: (200 + 100) / (1000 + 200); P2: 150 / 200; P3: nothing planned; P10: 600 / 1000.
    expect(overallCompletion(zones, periods)).toEqual([25, 75, null, 60]);
  });

  it('keeps only the open rectifications, soonest first', () => {
    const z = zone({ rectifications: [{ period: 'P3', dueOn: '2021-01-01', status: 'open' }, { period: 'P1', dueOn: '2020-01-01', status: 'passed' }, { period: 'P2', dueOn: '2020-04-20', status: 'open' }] });
    expect(openRectifications(z).map((r) => r.dueOn)).toEqual(['2020-04-20', '2021-01-01']);
  });
});
