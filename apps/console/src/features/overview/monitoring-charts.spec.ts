import { heatmapOption, heightFor, investmentOption, investmentTrendOption, TREND_ZONES_SHOWN } from './monitoring-charts';
import type { Zone } from './data';

const zones = (n: number): Zone[] =>
  Array.from({ length: n }, (_, i) => ({
    caseId: `z${i}`, unitName: `第${i}号试验区所在的区人民政府`, cityCode: '440100', cities: ['440100'], approvedOn: '2019-03-20', stage: 'progressEvaluation' as const,
    reports: [], ratings: [], investment: { planned: 100, toDate: i, percent: i }, investmentByPeriod: [{ period: 'P2', toDate: i, percent: i }], rectifications: [], atRisk: false, riskReasons: [],
  }));
type Opt = { dataZoom: { startValue?: number; endValue?: number }[]; yAxis: { data: string[]; axisLabel: { formatter: (s: string) => string } } };

describe('monitoring charts from 5 zones to 200', () => {
  it('draws 5 zones whole, without a scroll bar', () => {
    const o = investmentOption(zones(5)) as unknown as Opt;
    expect(o.dataZoom).toEqual([]);
    expect(o.yAxis.data).toHaveLength(5);
    expect(heightFor(5)).toBe(80 + 5 * 28);
  });

  it('shows 200 zones 15 at a time on a scrolling axis, at a bounded height', () => {
    for (const o of [investmentOption(zones(200)), heatmapOption(zones(200), ['P1'], [], ['优秀', '良好', '合格', '不合格'])] as unknown as Opt[]) {
      expect(o.yAxis.data).toHaveLength(200);
      expect(o.dataZoom[0]).toMatchObject({ startValue: 0, endValue: 14 });
    }
    expect(heightFor(200)).toBe(heightFor(15));
  });

  it('draws investment over periods: the total and every zone, the zones’ lines hidden past a few zones', () => {
    type Trend = { xAxis: { data: string[] }; legend: { selected: Record<string, boolean> }; series: { name: string; data: (number | null)[] }[] };
    const five = investmentTrendOption(zones(5), ['P1', 'P2'], [null, 2], '合计') as unknown as Trend;
    expect(five.xAxis.data).toEqual(['P1', 'P2']);
    expect(five.series.map((s) => s.name)).toEqual(['合计', ...zones(5).map((z) => z.unitName)]);
    expect(five.series[0].data).toEqual([null, 2]);
    expect(five.series[4].data).toEqual([null, 3]);
    expect(five.legend.selected).toEqual({});
    const many = investmentTrendOption(zones(200), ['P2'], [99.5], '合计') as unknown as Trend;
    expect(many.series).toHaveLength(201);
    expect(Object.values(many.legend.selected)).toEqual(Array(200).fill(false));
    expect(TREND_ZONES_SHOWN).toBeLessThan(200);
  });

  it('shortens long unit names on the axis', () => {
    const o = investmentOption(zones(1)) as unknown as Opt;
    expect(o.yAxis.axisLabel.formatter('第0号试验区所在的区人民政府')).toBe('第0号试验区所在的…');
    expect(o.yAxis.axisLabel.formatter('广州市海珠区')).toBe('广州市海珠区');
  });
});
