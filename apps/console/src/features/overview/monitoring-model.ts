/**
 * The monitoring page's figures from `GET /programs/:id/monitoring`: a zone's reports counted by status, the rating
 * that stands for a period (the province's, else the cities'), the periods rated across zones in order, and the
 * heat map's cells.
 */
import type { Rating, Zone } from './data';

export type ReportStatus = Zone['reports'][number]['status'];
export const RATING_SCORE: Record<Rating, number> = { fail: 0, pass: 1, good: 2, excellent: 3 };
export const RATINGS_BEST_FIRST: Rating[] = ['excellent', 'good', 'pass', 'fail'];

export function reportCounts(z: Zone): Record<ReportStatus, number> {
  const counts: Record<ReportStatus, number> = { filed: 0, late: 0, missing: 0, due: 0 };
  for (const r of z.reports) counts[r.status] += 1;
  return counts;
}

export const standingRating = (r: Zone['ratings'][number]): Rating | undefined => r.province ?? r.city;

/** `P<n>` in the order of n. */
const periodNo = (p: string): number => Number(/^P(\d+)$/.exec(p)?.[1] ?? Number.MAX_SAFE_INTEGER);
export function ratedPeriods(zones: Zone[]): string[] {
  const all = new Set(zones.flatMap((z) => z.ratings.map((r) => r.period)));
  return [...all].sort((a, b) => periodNo(a) - periodNo(b) || a.localeCompare(b));
}

/** Every period some zone reported investment for, in the order of n. */
export function investmentPeriods(zones: Zone[]): string[] {
  const all = new Set(zones.flatMap((z) => z.investmentByPeriod.map((p) => p.period)));
  return [...all].sort((a, b) => periodNo(a) - periodNo(b) || a.localeCompare(b));
}

/**
 * Per period, the completion of all zones that reported it together: their investment to date over their planned
 * total (one decimal); null where no zone with a plan reported the period. What the chart draws bold above the zones.
 */
export function overallCompletion(zones: Zone[], periods: string[]): (number | null)[] {
  return periods.map((period) => {
    let toDate = 0;
    let planned = 0;
    for (const z of zones) {
      const p = z.investmentByPeriod.find((x) => x.period === period);
      if (p && z.investment.planned > 0) {
        toDate += p.toDate;
        planned += z.investment.planned;
      }
    }
    return planned > 0 ? Math.round((toDate / planned) * 1000) / 10 : null;
  });
}

/** [period index, zone index, score] for every rated period of every zone. */
export function heatCells(zones: Zone[], periods: string[]): [number, number, number][] {
  const column = new Map(periods.map((p, i) => [p, i]));
  return zones.flatMap((z, row) =>
    z.ratings.flatMap((r) => {
      const rating = standingRating(r);
      const col = column.get(r.period);
      return rating && col !== undefined ? [[col, row, RATING_SCORE[rating]] as [number, number, number]] : [];
    }),
  );
}

/** The rectifications still open, soonest due first. */
export const openRectifications = (z: Zone): Zone['rectifications'] => z.rectifications.filter((r) => r.status === 'open').sort((a, b) => a.dueOn.localeCompare(b.dueOn));
