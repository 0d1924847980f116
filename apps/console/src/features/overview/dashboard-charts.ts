/** The dashboard's ECharts options, from the rows of dashboard-model.ts (labels already translated). */
import type { EChartsCoreOption } from 'echarts/core';
import type { ApprovalPoint, CityRow } from './dashboard-model';

const BLUE = '#0958d9';
const GREY = '#8c8c8c';
const RED = '#cf1322';

/** Dark enough for the white labels inside each layer. */
const LAYERS = ['#002c8c', '#003eb3', '#0958d9', '#08979c', '#006d75', '#389e0d', '#237804', '#d46b08', '#ad4e00', '#531dab', '#9e1068', '#595959', '#434343', '#a8071a', '#820014'];

export const funnelOption = (rows: { name: string; value: number }[]): EChartsCoreOption => ({
  color: LAYERS,
  tooltip: { trigger: 'item', formatter: '{b}: {c}' },
  series: [{ type: 'funnel', sort: 'none', minSize: '12%', left: '10%', width: '80%', label: { position: 'inside', formatter: '{b} {c}', color: '#fff' }, data: rows }],
});

export const barOption = (rows: { name: string; value: number }[], color = RED): EChartsCoreOption => ({
  tooltip: { trigger: 'axis' },
  grid: { left: 48, right: 16, top: 16, bottom: 32 },
  xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, overflow: 'truncate', width: 80 } },
  yAxis: { type: 'value', minInterval: 1 },
  series: [{ type: 'bar', barMaxWidth: 48, data: rows.map((r) => r.value), itemStyle: { color }, label: { show: true, position: 'top' } }],
});

export const citiesOption = (rows: CityRow[], names: { recommended: string; limit: string }): EChartsCoreOption => ({
  tooltip: { trigger: 'axis' },
  legend: { data: [names.recommended, names.limit], top: 0 },
  grid: { left: 48, right: 16, top: 32, bottom: 32 },
  xAxis: { type: 'category', data: rows.map((r) => r.name), axisLabel: { interval: 0, rotate: rows.length > 8 ? 30 : 0 } },
  yAxis: { type: 'value', minInterval: 1 },
  dataZoom: rows.length > 12 ? [{ type: 'slider', startValue: 0, endValue: 11, height: 16, bottom: 0 }] : [],
  series: [
    { name: names.recommended, type: 'bar', barMaxWidth: 32, data: rows.map((r) => r.recommended), itemStyle: { color: BLUE }, label: { show: true, position: 'top' } },
    { name: names.limit, type: 'bar', barMaxWidth: 32, data: rows.map((r) => r.limit), itemStyle: { color: GREY } },
  ],
});

/** A step line of approvals granted over time, a point per approval, the quota's bounds and the target date marked. */
export function approvalsOption(points: ApprovalPoint[], q: { min: number; max: number; from: string; target: string }, names: { min: string; max: string; target: string }): EChartsCoreOption {
  return {
    tooltip: { trigger: 'item', formatter: (p: { value: [string, number, string] }) => `${p.value[0]}: ${p.value[1]}` },
    grid: { left: 40, right: 24, top: 24, bottom: 32 },
    xAxis: { type: 'time', min: q.from < (points[0]?.repliedOn ?? q.from) ? q.from : points[0]?.repliedOn, max: q.target > (points.at(-1)?.repliedOn ?? '') ? q.target : points.at(-1)?.repliedOn },
    yAxis: { type: 'value', minInterval: 1, max: Math.max(q.max, points.length) + 1 },
    series: [
      {
        type: 'line',
        step: 'end',
        symbolSize: 10,
        itemStyle: { color: BLUE },
        data: points.map((p) => ({ name: p.caseId, value: [p.repliedOn, p.total, p.caseId] })),
        markLine: {
          symbol: 'none',
          label: { formatter: '{b}' },
          data: [
            { name: names.min, yAxis: q.min, label: { position: 'insideEndTop' }, lineStyle: { color: GREY, type: 'dashed' } },
            { name: names.max, yAxis: q.max, label: { position: 'insideEndTop' }, lineStyle: { color: GREY, type: 'dashed' } },
            // The target date is the axis' last day: its label ends at the line (drawn leftwards into the chart), so
            // it is never cut by the chart's right edge, whatever its length in either language.
            { name: names.target, xAxis: q.target, label: { position: 'end', align: 'right' }, lineStyle: { color: RED } },
          ],
        },
      },
    ],
  };
}
