/**
 * Due-time arithmetic in a civil time zone: calendar durations (ISO 8601) and official PRC working days.
 *
 * The working-day calendar is the process's current `WorkingCalendar` (working-calendar.ts): official arrangements
 * (published by an administrator, or shipped by `chinese-days`), provisional statutory holidays for other years.
 * It is process state rather than a parameter because every planner (stage limits, reminders, publicity periods,
 * the case view) reaches this arithmetic, and all of them must see the same calendar: the one folded from the
 * calendar streams of the log (`useWorkingCalendar`, called by the process's calendar read model).
 *
 * Conventions (so a due time means the same thing everywhere):
 * - calendar: years and months move the civil date and clamp to the month's end (Jan 31 + P1M = Feb 28/29), weeks
 *   and days move the civil date keeping the wall-clock time, hours/minutes/seconds are elapsed time.
 * - working: whole days only. The start day never counts, whatever its hour; the due time is the very end
 *   (23:59:59.999 local) of the Nth working day after it. P0D is the end of the start day.
 * - subtracting working days (reminders) steps back over N working days and keeps the local time of day, so a
 *   reminder P1D before a working-day due is the end of the previous working day.
 */
import { parseIsoDuration, type DurationSpec, type IsoDuration } from '@shenbao/workflows';
import { WorkingCalendar } from './working-calendar';

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

let active = new WorkingCalendar();

/** Makes `calendar` the one every due-time computation of this process reads from now on. */
export function useWorkingCalendar(calendar: WorkingCalendar): void {
  active = calendar;
}

export function currentWorkingCalendar(): WorkingCalendar {
  return active;
}

/** A date on the wall calendar with a wall-clock time (month 1–12). */
interface CivilTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what a caller with a bad definition should see.
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function toCivil(instant: Date, timeZone: string): CivilTime {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError('invalid date');
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
    ms: ((t % 1000) + 1000) % 1000,
  };
}

function civilAsUtc(c: CivilTime): number {
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second, c.ms);
}

/** The instant a wall-clock time denotes in the zone (for a DST gap: shifted forward, the usual convention). */
function fromCivil(c: CivilTime, timeZone: string): Date {
  const wall = civilAsUtc(c);
  const offsetAt = (t: number): number => civilAsUtc(toCivil(new Date(t), timeZone)) - t;
  let t = wall - offsetAt(wall);
  const second = offsetAt(t);
  if (wall - second !== t) t = wall - second;
  return new Date(t);
}

/** Moves a civil date by whole days (normalizing month and year). */
function shiftDays(c: CivilTime, days: number): CivilTime {
  const d = new Date(Date.UTC(c.year, c.month - 1, c.day + days));
  return { ...c, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isoDate(c: CivilTime): string {
  return `${String(c.year).padStart(4, '0')}-${String(c.month).padStart(2, '0')}-${String(c.day).padStart(2, '0')}`;
}

function isWorkingCivilDate(c: CivilTime): boolean {
  return active.isWorking(c.year, c.month, c.day);
}

/** True when the instant's local date (in `timeZone`) is an official working day. */
export function isWorkingDay(date: Date, timeZone: string = DEFAULT_TIME_ZONE): boolean {
  return isWorkingCivilDate(toCivil(date, timeZone));
}

/** Whether `year` has an official arrangement; otherwise it is provisional (statutory holidays, no 调休). */
export function workingCalendarCovers(year: number): boolean {
  return !active.isProvisional(year);
}

/**
 * The provisional years a working-day count from `from` to `to` walks through (the local years of both ends and
 * those between), ascending; empty when every one is official.
 */
export function provisionalYearsBetween(from: Date, to: Date, timeZone: string = DEFAULT_TIME_ZONE): number[] {
  // Every zone is less than a day from UTC: when no year around the UTC dates is provisional, the local ones are
  // not either, and the (costly) zone conversion is skipped — the common case of planning inside official years.
  const DAY = 86_400_000;
  const [lo, hi] = [Math.min(from.getTime(), to.getTime()) - DAY, Math.max(from.getTime(), to.getTime()) + DAY];
  let any = false;
  for (let y = new Date(lo).getUTCFullYear(); y <= new Date(hi).getUTCFullYear() && !any; y++) any = active.isProvisional(y);
  if (!any) return [];
  const [a, b] = [toCivil(from, timeZone).year, toCivil(to, timeZone).year].sort((x, y) => x - y) as [number, number];
  const out: number[] = [];
  for (let y = a; y <= b; y++) if (active.isProvisional(y)) out.push(y);
  return out;
}

function parse(duration: string): IsoDuration {
  const parsed = parseIsoDuration(duration);
  if (!parsed) throw new RangeError(`not an ISO 8601 duration: ${JSON.stringify(duration)}`);
  return parsed;
}

/** Working durations are whole days: `P10D`. Anything else has no agreed meaning in working time (RangeError). */
export function workingDays(duration: string): number {
  const p = parse(duration);
  const onlyDays = p.years === 0 && p.months === 0 && p.weeks === 0 && p.hours === 0 && p.minutes === 0 && p.seconds === 0;
  if (!onlyDays || !Number.isInteger(p.days) || p.days < 0) {
    throw new RangeError(`a working-day duration must be whole days (PnD), got ${JSON.stringify(duration)}`);
  }
  return p.days;
}

function addCalendar(start: Date, p: IsoDuration, sign: 1 | -1, timeZone: string): Date {
  const c = toCivil(start, timeZone);
  const totalMonths = c.year * 12 + (c.month - 1) + sign * (p.years * 12 + p.months);
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12 + 1;
  const moved = shiftDays({ ...c, year, month, day: Math.min(c.day, daysInMonth(year, month)) }, sign * (p.weeks * 7 + p.days));
  const base = p.years || p.months || p.weeks || p.days ? fromCivil(moved, timeZone).getTime() : start.getTime();
  const elapsed = ((p.hours * 60 + p.minutes) * 60 + p.seconds) * 1000;
  return new Date(base + sign * Math.round(elapsed));
}

/** Steps `n` working days away from the start's local date (the start day itself never counts). */
function stepWorkingDays(c: CivilTime, n: number, sign: 1 | -1): CivilTime {
  let day = c;
  for (let left = n; left > 0; ) {
    day = shiftDays(day, sign);
    if (isWorkingCivilDate(day)) left -= 1;
  }
  return day;
}

const END_OF_DAY = { hour: 23, minute: 59, second: 59, ms: 999 };

/**
 * The due time `spec` after `start`: calendar time, or the end of the Nth official working day after the start's
 * local date (see the conventions at the top of this file).
 */
export function addDuration(start: Date, spec: DurationSpec, timeZone: string = DEFAULT_TIME_ZONE): Date {
  if (spec.unit === 'calendar') return addCalendar(start, parse(spec.duration), 1, timeZone);
  const n = workingDays(spec.duration);
  return fromCivil({ ...stepWorkingDays(toCivil(start, timeZone), n, 1), ...END_OF_DAY }, timeZone);
}

/** The instant `spec` before `end` (reminders): calendar time, or N working days earlier at the same local time. */
export function subtractDuration(end: Date, spec: DurationSpec, timeZone: string = DEFAULT_TIME_ZONE): Date {
  if (spec.unit === 'calendar') return addCalendar(end, parse(spec.duration), -1, timeZone);
  const n = workingDays(spec.duration);
  return fromCivil(stepWorkingDays(toCivil(end, timeZone), n, -1), timeZone);
}

/**
 * Official working days counted from `from` to `to` by the same convention as `addDuration`: working days after
 * `from`'s local date up to and including `to`'s (0 when `to` is on or before `from`'s date). Used to charge the
 * time of earlier stage entries against a limit that does not reset on return.
 */
export function workingDaysBetween(from: Date, to: Date, timeZone: string = DEFAULT_TIME_ZONE): number {
  const end = isoDate(toCivil(to, timeZone));
  let day = toCivil(from, timeZone);
  let count = 0;
  for (;;) {
    day = shiftDays(day, 1);
    if (isoDate(day) > end) return count;
    if (isWorkingCivilDate(day)) count += 1;
  }
}
