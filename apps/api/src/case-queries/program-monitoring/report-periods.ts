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
import { planReportPeriod } from '@shenbao/scheduling';
import type { WorkflowDefinition } from '@shenbao/workflows';

export type PeriodStatus = 'filed' | 'late' | 'missing' | 'due';

export interface PeriodTimes {
  /** `YYYY-MM-DD` in the workflow's time zone. */
  dueOn: string;
  /** The instant the grace ends (the period counts as missed from then on). */
  missedAt: string;
  dueAt: string;
}

export interface ReportPeriodView {
  period: string;
  dueOn: string;
  filedAt?: string;
  status: PeriodStatus;
}

/** At most this many periods are listed per zone, the latest ones (a cadence shorter than a day is for tests). */
export const MAX_PERIODS = 120;

export function periodStatus(times: PeriodTimes, filedAt: string | undefined, now: Date, timeZone: string): PeriodStatus {
  if (filedAt !== undefined) return dateIn(new Date(filedAt), timeZone) <= times.dueOn ? 'filed' : 'late';
  return now.getTime() >= Date.parse(times.missedAt) ? 'missing' : 'due';
}

/** Period n's due and missed instants, as the scheduler plans them. */
export function periodTimes(def: WorkflowDefinition, approvedAt: string, n: number): PeriodTimes {
  const [due, missed] = planReportPeriod(def, 'zone', 0, new Date(approvedAt), n);
  return { dueAt: due!.dueAt, missedAt: missed!.dueAt, dueOn: dateIn(new Date(due!.dueAt), def.timeZone) };
}

/** The number of periods that fell due at or before `horizon` (0 when none), in O(log n) plans. */
export function periodsDueBy(def: WorkflowDefinition, approvedAt: string, horizon: Date): number {
  const dueBy = (n: number): boolean => Date.parse(periodTimes(def, approvedAt, n).dueAt) <= horizon.getTime();
  if (!dueBy(1)) return 0;
  let low = 1;
  let high = 2;
  while (dueBy(high)) {
    low = high;
    high *= 2;
  }
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (dueBy(mid)) low = mid;
    else high = mid;
  }
  return low;
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
  const fallen = periodsDueBy(def, zone.approvedAt, horizon);
  let last = zone.endedAt !== undefined ? fallen : fallen + 1;
  for (const label of zone.filed.keys()) last = Math.max(last, reportPeriodNumber(label) ?? 0);
  const out: ReportPeriodView[] = [];
  for (let n = Math.max(1, last - MAX_PERIODS + 1); n <= last; n++) {
    const period = `P${n}`;
    const times = periodTimes(def, zone.approvedAt, n);
    const filedAt = zone.filed.get(period);
    out.push({ period, dueOn: times.dueOn, ...(filedAt !== undefined ? { filedAt } : {}), status: periodStatus(times, filedAt, now, def.timeZone) });
  }
  return out;
}
