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
