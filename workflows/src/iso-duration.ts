/**
 * ISO 8601 durations as workflow definitions use them: `P[nY][nM][nW][nD][T[nH][nM][nS]]` with whole numbers and
 * at least one component (`P7D`, `PT2S`, `P6M`). Fractions are not accepted: no rule of the program needs them and
 * working-day arithmetic could not honour them.
 */

export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

export function parseIsoDuration(s: string): IsoDuration | null {
  if (typeof s !== 'string') return null;
  const m = PATTERN.exec(s);
  if (!m) return null;
  const parts = m.slice(1);
  // `P` and `PT` match the pattern with every group empty; a `T` needs at least one time component after it.
  if (parts.every((p) => p === undefined)) return null;
  if (s.includes('T') && parts.slice(4).every((p) => p === undefined)) return null;
  const [years, months, weeks, days, hours, minutes, seconds] = parts.map((p) => (p === undefined ? 0 : Number(p)));
  return {
    years: years!,
    months: months!,
    weeks: weeks!,
    days: days!,
    hours: hours!,
    minutes: minutes!,
    seconds: seconds!,
  };
}

/** Length in seconds when the duration has no calendar-dependent part (years, months); otherwise null. */
export function fixedSeconds(d: IsoDuration): number | null {
  if (d.years > 0 || d.months > 0) return null;
  return ((d.weeks * 7 + d.days) * 24 + d.hours) * 3600 + d.minutes * 60 + d.seconds;
}

/** True when only the day component is used (what a working-day count can express). */
export function isWholeDays(d: IsoDuration): boolean {
  return d.years === 0 && d.months === 0 && d.weeks === 0 && d.hours === 0 && d.minutes === 0 && d.seconds === 0;
}

export function isZero(d: IsoDuration): boolean {
  return Object.values(d).every((n) => n === 0);
}
