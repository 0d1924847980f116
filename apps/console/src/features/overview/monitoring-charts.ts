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
