/**
 * The report periods of a pilot zone and their status on a given day — the rules `GET /programs/:id/monitoring`
 * shows (API.md "Search and monitoring").
 *
 * Periods are the workflow's report cadence (`monitoring.reportEvery`, case.decide.reports.ts): period `P<n>` falls
 * due n × reportEvery after the approval was recorded, and counts as missed once `monitoring.reportGrace` after
 * that has passed (at the due time itself when the workflow gives no grace) — the very instants the scheduler plans
 * `report-due-<n>` and `report-missed-<n>` at (`planReportPeriod`). `dueOn` is the due instant's day in the
 * workflow's time zone. A report answers a period when it was filed with that period's label `P<n>`.
 *
 * Status of a period:
 * - `filed`: a report for it was filed on or before `dueOn` (days in the workflow's time zone);
 * - `late`: a report for it was filed after `dueOn` (inside the grace or after it);
 * - `missing`: no report, and the grace is over (now ≥ due + reportGrace) — when the engine marks it missed;
 * - `due`: no report, and the grace is not over: the period is upcoming, due today, or inside its grace.
 */
import { dateIn, reportPeriodNumber } from '@shenbao/domain';
import { LruMap } from '@shenbao/event-store';
import { planReportPeriod } from '@shenbao/scheduling';
import type { WorkflowDefinition } from '@shenbao/workflows';
import { startOfDay } from '../../programs/open-publicity-batch/publicity-period';

export type PeriodStatus = 'filed' | 'late' | 'missing' | 'due';

export interface PeriodTimes {
  /** `YYYY-MM-DD` in the workflow's time zone. */
  dueOn: string;
  dueAt: string;
  /** The instant the grace ends (the period counts as missed from then on). */
  missedAt: string;
  /** The end of the due day in the workflow's time zone (00:00 of the next day): filed before it is on time. */
  dayEndsAt: string;
  /** The same three instants in epoch milliseconds (compared on every read). */
  ms: { due: number; missed: number; dayEnd: number };
}

export interface ReportPeriodView {
  period: string;
  dueOn: string;
  filedAt?: string;
  status: PeriodStatus;
}

/** At most this many periods are listed per zone, the latest ones (a cadence shorter than a day is for tests). */
export const MAX_PERIODS = 120;

/** `YYYY-MM-DD` plus `days` calendar days. */
export function addDays(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function periodStatus(times: PeriodTimes, filedAt: string | undefined, now: Date): PeriodStatus {
  if (filedAt !== undefined) return Date.parse(filedAt) < times.ms.dayEnd ? 'filed' : 'late';
  return now.getTime() >= times.ms.missed ? 'missing' : 'due';
}

/**
 * Period times depend only on the cadence, the grace, the time zone and the approval instant, and working them out
 * in a time zone costs tens of microseconds: each zone's are kept (keyed by exactly those), so a program of 200
 * zones is not planned again on every read (~8 periods each, well under 1 MB for the whole cache).
 */
const ZONE_CACHE_SIZE = 5000;
const zoneTimes = new LruMap<string, PeriodTimes[]>(ZONE_CACHE_SIZE);

function planTimes(def: WorkflowDefinition, approvedAt: string, n: number): PeriodTimes {
  const [due, missed] = planReportPeriod(def, 'zone', 0, new Date(approvedAt), n);
  const dueOn = dateIn(new Date(due!.dueAt), def.timeZone);
  const dayEnd = startOfDay(addDays(dueOn, 1), def.timeZone);
  return {
    dueOn,
    dueAt: due!.dueAt,
    missedAt: missed!.dueAt,
    dayEndsAt: dayEnd.toISOString(),
    ms: { due: Date.parse(due!.dueAt), missed: Date.parse(missed!.dueAt), dayEnd: dayEnd.getTime() },
  };
}

/** Period n's times for one zone (n ≥ 1), planned once: one cache lookup per zone and read. */
export function zonePeriods(def: WorkflowDefinition, approvedAt: string): (n: number) => PeriodTimes {
  const { reportEvery, reportGrace } = def.monitoring;
  const key = `${reportEvery}|${reportGrace ?? ''}|${def.timeZone}|${approvedAt}`;
  let known = zoneTimes.get(key);
  if (!known) zoneTimes.set(key, (known = []));
  const times = known;
  return (n) => (times[n - 1] ??= planTimes(def, approvedAt, n));
}

/** Period n's due and missed instants, as the scheduler plans them. */
export const periodTimes = (def: WorkflowDefinition, approvedAt: string, n: number): PeriodTimes => zonePeriods(def, approvedAt)(n);

/**
 * The number of periods that fell due at or before `horizon` (0 when none). Starts from the estimate the first
 * period's length gives (calendar months differ in length, so it may be off by a little either way) and steps to it.
 */
export function periodsDueBy(def: WorkflowDefinition, approvedAt: string, horizon: Date, times = zonePeriods(def, approvedAt)): number {
  const dueBy = (n: number): boolean => times(n).ms.due <= horizon.getTime();
  if (!dueBy(1)) return 0;
  const first = times(1).ms.due - Date.parse(approvedAt);
  let n = Math.max(1, Math.floor((horizon.getTime() - Date.parse(approvedAt)) / first));
  while (n > 1 && !dueBy(n)) n--;
  while (dueBy(n + 1)) n++;
  return n;
}

export interface ZoneTimeline {
  approvedAt: string;
  /** When the pilot was revoked or completed: no period falls due after it. */
  endedAt?: string;
  /** Reports by period label, the first filed for each. */
  filed: Map<string, string>;
}

/**
 * The zone's periods on `now`: every period that fell due (up to the end of the pilot, if it ended), the next one
 * while the pilot runs, and any later period already reported early; the latest MAX_PERIODS of them, in order.
 */
export function reportPeriods(def: WorkflowDefinition, zone: ZoneTimeline, now: Date): ReportPeriodView[] {
  const horizon = zone.endedAt !== undefined ? new Date(zone.endedAt) : now;
  const times = zonePeriods(def, zone.approvedAt);
  const fallen = periodsDueBy(def, zone.approvedAt, horizon, times);
  let last = zone.endedAt !== undefined ? fallen : fallen + 1;
  for (const label of zone.filed.keys()) last = Math.max(last, reportPeriodNumber(label) ?? 0);
  const out: ReportPeriodView[] = [];
  for (let n = Math.max(1, last - MAX_PERIODS + 1); n <= last; n++) {
    const period = `P${n}`;
    const t = times(n);
    const filedAt = zone.filed.get(period);
    out.push({ period, dueOn: t.dueOn, ...(filedAt !== undefined ? { filedAt } : {}), status: periodStatus(t, filedAt, now) });
  }
  return out;
}

/**
 * The first instant after `now` at which these periods would read differently without any new event: a listed period
 * falling due (the one after it is then listed) or an unreported one reaching the end of its grace (due → missing).
 * Infinity when none will.
 */
export function periodsChangeAt(def: WorkflowDefinition, approvedAt: string, periods: ReportPeriodView[], now: Date): number {
  const times = zonePeriods(def, approvedAt);
  let at = Number.POSITIVE_INFINITY;
  for (const p of periods) {
    const n = reportPeriodNumber(p.period);
    if (n === undefined) continue;
    const { due, missed } = times(n).ms;
    if (due > now.getTime()) at = Math.min(at, due);
    if (p.filedAt === undefined && missed > now.getTime()) at = Math.min(at, missed);
  }
  return at;
}
