/**
 * The monitoring page's charts. Both stay readable from 5 zones to 200: past 15 zones the zone axis scrolls
 * (a slider shows 15 at a time) instead of squeezing every name in.
 */
import type { EChartsCoreOption } from 'echarts/core';
import type { Zone } from './data';

const WINDOW = 15;
const zoom = (count: number) => (count > WINDOW ? [{ type: 'slider', yAxisIndex: 0, startValue: 0, endValue: WINDOW - 1, width: 14, right: 4 }, { type: 'inside', yAxisIndex: 0 }] : []);
/** Long unit names end in …; the full name is in the tooltip and the table. */
const short = (name: string) => (name.length > 10 ? `${name.slice(0, 9)}…` : name);
export const heightFor = (count: number) => 80 + Math.min(count, WINDOW) * 28;

/** Investment to date against planned, per zone, as a horizontal bar per cent (the zones in the table's order). */
export const investmentOption = (zones: Zone[]): EChartsCoreOption => ({
  tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  grid: { left: 8, right: 48, top: 16, bottom: 24, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
  xAxis: { type: 'value', max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)), axisLabel: { formatter: '{value}%' } },
  yAxis: { type: 'category', inverse: true, data: zones.map((z) => z.unitName), axisLabel: { formatter: short } },
  dataZoom: zoom(zones.length),
  series: [{ type: 'bar', data: zones.map((z) => ({ name: z.caseId, value: z.investment.percent })), itemStyle: { color: '#0958d9' }, label: { show: true, position: 'right', formatter: '{c}%' } }],
});

/** Past this many zones the chart draws only the overall line (and the legend lets any zone be added). */
export const TREND_ZONES_SHOWN = 10;

/**
 * Investment completion over periods: one line per zone (per cent of its planned total, as each period's report
 * gave it) and a bold line of all zones together. From 5 zones to 200: the legend scrolls, and past
 * TREND_ZONES_SHOWN zones the zones' lines start hidden (a click on a name in the legend shows one).
 */
export const investmentTrendOption = (zones: Zone[], periods: string[], overall: (number | null)[], overallName: string): EChartsCoreOption => {
  const selected: Record<string, boolean> = {};
  if (zones.length > TREND_ZONES_SHOWN) for (const z of zones) selected[z.unitName] = false;
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v}%` : '—') },
    legend: { type: 'scroll', bottom: 0, selected, formatter: (name: string) => (name === overallName ? name : short(name)) },
    grid: { left: 8, right: 24, top: 16, bottom: 40, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
    xAxis: { type: 'category', data: periods, boundaryGap: false },
    yAxis: { type: 'value', max: (v: { max: number }) => Math.max(100, Math.ceil(v.max)), axisLabel: { formatter: '{value}%' } },
    series: [
      { type: 'line', name: overallName, data: overall, lineStyle: { width: 4 }, itemStyle: { color: '#0958d9' }, symbolSize: 8, z: 3, connectNulls: true, label: { show: true, formatter: '{c}%' } },
      ...zones.map((z) => {
        const at = new Map(z.investmentByPeriod.map((p) => [p.period, p.percent]));
        return { type: 'line', name: z.unitName, data: periods.map((p) => at.get(p) ?? null), connectNulls: true, lineStyle: { width: 1.5 }, symbolSize: 5 };
      }),
    ],
  };
};

/** Zones × periods, coloured by the standing rating (0 fail … 3 excellent). */
export const heatmapOption = (zones: Zone[], periods: string[], cells: [number, number, number][], ratingNames: string[]): EChartsCoreOption => ({
  tooltip: { formatter: (p: { value: [number, number, number] }) => `${zones[p.value[1]]?.unitName ?? ''} ${periods[p.value[0]] ?? ''}: ${ratingNames[3 - p.value[2]] ?? ''}` },
  grid: { left: 8, right: 24, top: 16, bottom: 64, outerBoundsMode: 'same', outerBoundsContain: 'axisLabel' },
  xAxis: { type: 'category', data: periods, splitArea: { show: true } },
  yAxis: { type: 'category', inverse: true, data: zones.map((z) => z.unitName), axisLabel: { formatter: short }, splitArea: { show: true } },
  dataZoom: zoom(zones.length),
  visualMap: {
    type: 'piecewise',
    orient: 'horizontal',
    left: 'center',
    bottom: 0,
    pieces: [
      { value: 3, label: ratingNames[0], color: '#237804' },
      { value: 2, label: ratingNames[1], color: '#73d13d' },
      { value: 1, label: ratingNames[2], color: '#fadb14' },
      { value: 0, label: ratingNames[3], color: '#cf1322' },
    ],
  },
  series: [{ type: 'heatmap', data: cells, label: { show: false } }],
});
