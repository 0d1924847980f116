/**
 * `GET /programs/:id/monitoring`: the monitoring read model's zones turned into what the provincial office reads on
 * a given day — report periods and their status (report-periods.ts), ratings per period, investment against the key
 * project table, rectifications, and whether the zone is at risk and why — zones at risk first.
 *
 * Risk reasons (stable machine codes, only for a pilot still running):
 * - `reportMissing`: a period's report is missing (its grace is over and nothing was filed);
 * - `ratingFail`: a period's standing rating is fail (the province's latest rating of it, or before the province
 *   rated it the worst of the cities' latest ratings);
 * - `rectificationDueSoon`: an open rectification is due within 30 days (today up to today + 30, inclusive);
 * - `rectificationOverdue`: an open rectification's due day has passed.
 */
import { dateIn } from '@shenbao/domain';
import type { MonitoredRating, MonitoredZone } from '@shenbao/projections';
import { RATINGS } from '@shenbao/workflows';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { startOfDay } from '../../programs/open-publicity-batch/publicity-period';
import { addDays, periodsChangeAt, reportPeriods, type ReportPeriodView } from './report-periods';

export const RISK_REASONS = ['reportMissing', 'ratingFail', 'rectificationDueSoon', 'rectificationOverdue'] as const;
export type RiskReason = (typeof RISK_REASONS)[number];

/** "Due within 30 days" (DOMAIN.md, issue 14). */
export const RECTIFICATION_WARNING_DAYS = 30;

export interface PeriodRatingView {
  period: string;
  /** The cities' rating: for a joint zone the worst of each city's latest. */
  city?: string;
  /** The province's latest rating of the period (a rectification's re-evaluation replaces the earlier one). */
  province?: string;
}

export interface ZoneView {
  caseId: string;
  unitName: string;
  cityCode: string;
  cities: string[];
  approvedOn: string;
  stage: 'progressEvaluation' | 'revoked' | 'completed';
  reports: ReportPeriodView[];
  ratings: PeriodRatingView[];
  investment: { planned: number; toDate: number; percent: number };
  /** Investment completion as each period's report gave it (the chart of completion over periods). */
  investmentByPeriod: PeriodInvestmentView[];
  rectifications: { period: string; dueOn: string; status: 'open' | 'passed' | 'failed' }[];
  atRisk: boolean;
  riskReasons: RiskReason[];
}

export interface PeriodInvestmentView {
  period: string;
  toDate: number;
  percent: number;
}

const periodNumber = (period: string): number => {
  const n = /^P(\d+)$/.exec(period);
  return n ? Number(n[1]) : Number.POSITIVE_INFINITY;
};

/**
 * Per period reported, the investment to date its report gave (a period reported twice: the later report) against
 * the planned total; in period order (P1, P2, … P10), so the series climbs as the pilot goes on.
 */
export function investmentByPeriod(reports: MonitoredZone['reports'], planned: number): PeriodInvestmentView[] {
  const latest = new Map<string, number>();
  for (const r of reports) latest.set(r.period, r.investedToDate);
  return [...latest]
    .sort(([a], [b]) => periodNumber(a) - periodNumber(b) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([period, toDate]) => ({ period, toDate, percent: percentOf(toDate, planned) }));
}

const worst = (ratings: string[]): string | undefined =>
  ratings.reduce<string | undefined>((w, r) => (w === undefined || RATINGS.indexOf(r as never) > RATINGS.indexOf(w as never) ? r : w), undefined);

export function periodRatings(ratings: MonitoredRating[]): PeriodRatingView[] {
  const periods = new Map<string, { cities: Map<string, string>; province?: string }>();
  for (const r of ratings) {
    const p = periods.get(r.period) ?? { cities: new Map<string, string>() };
    if (r.level === 'province') p.province = r.rating;
    else p.cities.set(r.cityCode ?? '', r.rating);
    periods.set(r.period, p);
  }
  return [...periods].map(([period, p]) => {
    const city = worst([...p.cities.values()]);
    return { period, ...(city !== undefined ? { city } : {}), ...(p.province !== undefined ? { province: p.province } : {}) };
  });
}

export function riskReasons(zone: Pick<ZoneView, 'reports' | 'ratings' | 'rectifications'>, today: string): RiskReason[] {
  const out: RiskReason[] = [];
  if (zone.reports.some((p) => p.status === 'missing')) out.push('reportMissing');
  if (zone.ratings.some((r) => (r.province ?? r.city) === 'fail')) out.push('ratingFail');
  const open = zone.rectifications.filter((r) => r.status === 'open');
  const soon = addDays(today, RECTIFICATION_WARNING_DAYS);
  if (open.some((r) => r.dueOn >= today && r.dueOn <= soon)) out.push('rectificationDueSoon');
  if (open.some((r) => r.dueOn < today)) out.push('rectificationOverdue');
  return out;
}

export const percentOf = (toDate: number, planned: number): number => (planned > 0 ? Math.round((toDate / planned) * 1000) / 10 : 0);

/** `today`: the day `now` falls on in the workflow's time zone (given by the caller, which reads it once per zone). */
export function zoneView(zone: MonitoredZone, def: WorkflowDefinition, now: Date, today = dateIn(now, def.timeZone)): ZoneView {
  const filed = new Map<string, string>();
  for (const r of zone.reports) if (!filed.has(r.period)) filed.set(r.period, r.filedAt);
  const reports = reportPeriods(def, { approvedAt: zone.approvedAt, filed, ...(zone.ended ? { endedAt: zone.ended.at } : {}) }, now);
  const ratings = periodRatings(zone.ratings);
  const rectifications = zone.rectifications.map((r) => ({ period: r.period, dueOn: r.dueOn, status: r.status }));
  const reasons = zone.ended ? [] : riskReasons({ reports, ratings, rectifications }, today);
  return {
    caseId: zone.caseId,
    unitName: zone.unitName,
    cityCode: zone.cityCode,
    cities: zone.cities,
    approvedOn: zone.approvedOn,
    stage: zone.ended?.as ?? 'progressEvaluation',
    reports,
    ratings,
    investment: { planned: zone.planned, toDate: zone.investedToDate, percent: percentOf(zone.investedToDate, zone.planned) },
    investmentByPeriod: investmentByPeriod(zone.reports, zone.planned),
    rectifications,
    atRisk: reasons.length > 0,
    riskReasons: reasons,
  };
}

export interface MonitoringAnswer {
  view: { zones: ZoneView[] };
  /**
   * Until when (epoch ms) the view holds without a new event: the first period falling due or reaching the end of
   * its grace, or midnight in a zone's time zone (the 30-day rectification window moves by days).
   */
  validUntil: number;
}

/** Every zone's view, those at risk first, each group in the order of approval; and until when it holds. */
export function monitoringAnswer(zones: MonitoredZone[], definitionOf: (zone: MonitoredZone) => WorkflowDefinition, now: Date): MonitoringAnswer {
  const days = new Map<string, { today: string; endsAt: number }>();
  let validUntil = Number.POSITIVE_INFINITY;
  const views = zones.map((z) => {
    const def = definitionOf(z);
    let day = days.get(def.timeZone);
    if (day === undefined) {
      const today = dateIn(now, def.timeZone);
      days.set(def.timeZone, (day = { today, endsAt: startOfDay(addDays(today, 1), def.timeZone).getTime() }));
    }
    const view = zoneView(z, def, now, day.today);
    validUntil = Math.min(validUntil, day.endsAt, periodsChangeAt(def, z.approvedAt, view.reports, now));
    return view;
  });
  return { view: { zones: [...views.filter((z) => z.atRisk), ...views.filter((z) => !z.atRisk)] }, validUntil };
}

export const monitoringView = (zones: MonitoredZone[], definitionOf: (zone: MonitoredZone) => WorkflowDefinition, now: Date): { zones: ZoneView[] } =>
  monitoringAnswer(zones, definitionOf, now).view;
