/**
 * The export's second sheet, 跟踪监测: one row per pilot zone as `GET /programs/:id/monitoring` gives it (the caller
 * passes that answer, so both show the same table) — its reports by period (filed on time, late, missing, still
 * due), the latest city and province ratings, investment planned, to date and as a percentage, the open
 * rectifications and why the zone needs attention. Words as the console's 跟踪监测 page says them.
 */
import { stageNameZh } from '@shenbao/workflows';
import { placeName, type RegionNames } from '../names';
import { shanghaiDay } from './export-row';

/** What the sheet reads of a zone (the monitoring answer's `ZoneView`). */
export interface MonitoringZone {
  caseId: string;
  unitName: string;
  cityCode: string;
  approvedOn: string;
  stage: string;
  reports: { period: string; dueOn: string; filedAt?: string; status: 'filed' | 'late' | 'missing' | 'due' }[];
  ratings: { period: string; city?: string; province?: string }[];
  investment: { planned: number; toDate: number; percent: number };
  rectifications: { period: string; dueOn: string; status: 'open' | 'passed' | 'failed' }[];
  riskReasons: string[];
}

export const MONITORING_SHEET = '跟踪监测';

const RATING: Record<string, string> = { excellent: '优秀', good: '良好', pass: '合格', fail: '不合格' };
const STATUS = { filed: '按时报送', late: '迟报', missing: '缺报', due: '待报送' } as const;
const REASON: Record<string, string> = {
  reportMissing: '有进展报告缺报',
  ratingFail: '评价为不合格',
  rectificationDueSoon: '整改将在 30 天内到期',
  rectificationOverdue: '整改已逾期',
};

/** `P3` → 第3期 (the report cadence's labels, case.decide.reports.ts). */
export const periodName = (period: string): string => {
  const m = /^P(\d+)$/.exec(period);
  return m ? `第${m[1]}期` : period;
};
const periodNumber = (period: string): number => Number(/^P(\d+)$/.exec(period)?.[1] ?? Number.MAX_SAFE_INTEGER);

export interface MonitoringColumn {
  header: string;
  width: number;
}

/** The fixed columns before and after the per-period ones. */
const LEADING: MonitoringColumn[] = [
  { header: '申报编号', width: 38 },
  { header: '申报单位', width: 28 },
  { header: '所在地市', width: 10 },
  { header: '批复日期', width: 12 },
  { header: '当前阶段', width: 10 },
  { header: '按时报送', width: 9 },
  { header: '迟报', width: 7 },
  { header: '缺报', width: 7 },
  { header: '待报送', width: 8 },
];
const TRAILING: MonitoringColumn[] = [
  { header: '最近市级评价', width: 16 },
  { header: '最近省级评价', width: 16 },
  { header: '计划投资（万元）', width: 14 },
  { header: '累计完成投资（万元）', width: 16 },
  { header: '投资完成率（%）', width: 12 },
  { header: '未完成整改', width: 10 },
  { header: '最早整改期限', width: 12 },
  { header: '风险提示', width: 30 },
];

/** The report periods any of the zones lists, in order: one column each. */
export function monitoringPeriods(zones: MonitoringZone[]): string[] {
  const periods = new Set<string>();
  for (const z of zones) for (const r of z.reports) periods.add(r.period);
  return [...periods].sort((a, b) => periodNumber(a) - periodNumber(b) || (a < b ? -1 : a > b ? 1 : 0));
}

export function monitoringColumns(periods: string[]): MonitoringColumn[] {
  return [...LEADING, ...periods.map((p) => ({ header: `${periodName(p)}报告`, width: 22 })), ...TRAILING];
}

/** A period's cell: 按时报送 2020-01-08 · 迟报 2020-01-20 · 缺报（应报 2020-01-01）· 待报送（应报 2020-07-01）. */
function reportCell(r: MonitoringZone['reports'][number]): string {
  return r.filedAt !== undefined ? `${STATUS[r.status]} ${shanghaiDay(r.filedAt)}` : `${STATUS[r.status]}（应报 ${r.dueOn}）`;
}

/** The latest period rated at this level: 良好（第2期）. */
function latestRating(ratings: MonitoringZone['ratings'], level: 'city' | 'province'): string {
  for (let i = ratings.length - 1; i >= 0; i--) {
    const rating = ratings[i]![level];
    if (rating !== undefined) return `${RATING[rating] ?? rating}（${periodName(ratings[i]!.period)}）`;
  }
  return '';
}

export function monitoringRow(z: MonitoringZone, periods: string[], regions: RegionNames[]): (string | number)[] {
  const count = (s: keyof typeof STATUS) => z.reports.filter((r) => r.status === s).length;
  const byPeriod = new Map(z.reports.map((r) => [r.period, r]));
  const open = z.rectifications.filter((r) => r.status === 'open').map((r) => r.dueOn).sort();
  return [
    z.caseId, z.unitName, placeName(regions, z.cityCode), z.approvedOn, stageNameZh(z.stage),
    count('filed'), count('late'), count('missing'), count('due'),
    ...periods.map((p) => {
      const r = byPeriod.get(p);
      return r ? reportCell(r) : '';
    }),
    latestRating(z.ratings, 'city'), latestRating(z.ratings, 'province'),
    z.investment.planned, z.investment.toDate, z.investment.percent,
    open.length, open[0] ?? '', z.riskReasons.map((r) => REASON[r] ?? r).join('；'),
  ];
}
