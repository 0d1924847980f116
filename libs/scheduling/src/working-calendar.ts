/**
 * The PRC working-day calendar by year: which dates are holidays and which weekend dates are adjusted workdays
 * (调休), and whether a year's arrangement is official or provisional.
 *
 * - official: published by an administrator (`PUT /calendar/:year`, a CalendarPublished event), or — for the years
 *   `chinese-days` ships (the State Council notices up to 2026) — that table, until an administrator overrides it.
 * - provisional: any other year. Its holidays are the statutory ones in force (DOMAIN.md "The calendar": 元旦 1 day;
 *   春节 4 days from the eve; 清明 1; 劳动节 2; 端午 1; 中秋 1; 国庆 3) and it has no adjusted workdays; deadlines
 *   computed over it are flagged and re-planned when the official arrangement is published.
 *
 * Lunar dates come from `chinese-days`' lunar table, called with local `Date`s: its string parsing reads
 * `YYYY-MM-DD` as UTC and shifts the result by a day in zones west of UTC, a `Date` built from local parts does not.
 * Its solar-term helper has the same flaw with no way around it from outside, so 清明 uses the same published
 * formula it does (the 21st-century constant for 清明, no exceptions in 2001–2099) on plain integers.
 */
import calendarData from 'chinese-days/dist/chinese-days.json';
import { getSolarDateFromLunar } from 'chinese-days';

export type CalendarStatus = 'official' | 'provisional';

/** A year as published: dates `YYYY-MM-DD`, sorted. */
export interface YearArrangement {
  holidays: readonly string[];
  adjustedWorkdays: readonly string[];
  /** The State Council notice (国办发明电〔YYYY〕N号); none for the shipped table and for provisional years. */
  notice?: string;
}

export interface CalendarYear extends YearArrangement {
  year: number;
  status: CalendarStatus;
}

/** The years this calendar answers for: the shipped table starts in 2004; the lunar table and the 清明 formula end in 2099. */
export const CALENDAR_MIN_YEAR = 2004;
export const CALENDAR_MAX_YEAR = 2099;

const pad = (n: number): string => String(n).padStart(2, '0');
const dateKey = (y: number, m: number, d: number): string => {
  const t = new Date(Date.UTC(y, m - 1, d));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
};

/** The shipped table, grouped by year (official arrangements of the years it covers). */
function shippedYears(): Map<number, YearArrangement> {
  const out = new Map<number, { holidays: string[]; adjustedWorkdays: string[] }>();
  const add = (dates: Record<string, string>, field: 'holidays' | 'adjustedWorkdays'): void => {
    for (const date of Object.keys(dates).sort()) {
      const year = Number(date.slice(0, 4));
      const entry = out.get(year) ?? { holidays: [], adjustedWorkdays: [] };
      entry[field].push(date);
      out.set(year, entry);
    }
  };
  add(calendarData.holidays, 'holidays');
  add(calendarData.workdays, 'adjustedWorkdays');
  return out;
}

const SHIPPED: ReadonlyMap<number, YearArrangement> = shippedYears();

/** Bump when the provisional rules change: every schedule planned with the old ones is re-planned at the next start. */
const PROVISIONAL_RULES_VERSION = 1;

/** FNV-1a, 31 bits, never 0 (0 is what a checkpoint store answers for "nothing saved"). */
function hash31(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return (h & 0x7fffffff) || 1;
}

const SHIPPED_DIGEST = hash31(JSON.stringify([...SHIPPED.entries()]));

/** The solar date of a (non-leap) lunar month/day of lunar year `year`. */
function lunarToSolar(year: number, month: number, day: number): string {
  return getSolarDateFromLunar(new Date(year, month - 1, day)).date;
}

/** 清明's day in April: [Y·0.2422 + C] − [Y/4], Y = year mod 100, C = 4.81 for 2001–2099. */
export function qingmingDate(year: number): string {
  const y = year % 100;
  return dateKey(year, 4, Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4));
}

/** The statutory holidays of `year` under the rules in force (the 2025 revision of 全国年节及纪念日放假办法). */
export function statutoryHolidays(year: number): string[] {
  const springFestival = lunarToSolar(year, 1, 1);
  const [sy, sm, sd] = springFestival.split('-').map(Number) as [number, number, number];
  const days = [
    dateKey(year, 1, 1),
    // 春节: the eve (除夕, the day before 正月初一) to 正月初三.
    ...[-1, 0, 1, 2].map((offset) => dateKey(sy, sm, sd + offset)),
    qingmingDate(year),
    dateKey(year, 5, 1),
    dateKey(year, 5, 2),
    lunarToSolar(year, 5, 5),
    lunarToSolar(year, 8, 15),
    dateKey(year, 10, 1),
    dateKey(year, 10, 2),
    dateKey(year, 10, 3),
  ];
  // 中秋 can fall on 10-01…03 (2028: 10-03); one date is one holiday.
  return [...new Set(days)].sort();
}

export function isSupportedYear(year: number): boolean {
  return Number.isInteger(year) && year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR;
}

interface Compiled {
  year: CalendarYear;
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

/**
 * An immutable calendar: the shipped table, the arrangements administrators published (which win), and provisional
 * years computed on first use. `withPublished` returns a new calendar, so a computation never sees half an update.
 */
export class WorkingCalendar {
  private readonly compiled = new Map<number, Compiled>();

  constructor(private readonly published: ReadonlyMap<number, YearArrangement> = new Map()) {}

  withPublished(year: number, arrangement: YearArrangement): WorkingCalendar {
    return new WorkingCalendar(new Map([...this.published, [year, arrangement]]));
  }

  /**
   * Identifies the calendar's content: the published arrangements, the shipped table and the provisional rules. A
   * schedule planned under another fingerprint may hold due times this calendar would not give.
   */
  fingerprint(): number {
    const published = [...this.published.entries()].sort(([a], [b]) => a - b);
    return hash31(JSON.stringify([PROVISIONAL_RULES_VERSION, SHIPPED_DIGEST, published]));
  }

  /** The year's arrangement and status. Years outside the supported range are provisional weekends only. */
  year(year: number): CalendarYear {
    return this.compile(year).year;
  }

  isProvisional(year: number): boolean {
    return this.compile(year).year.status === 'provisional';
  }

  /** `YYYY-MM-DD` is a working day: an adjusted workday, or a Monday–Friday that is not a holiday. */
  isWorkingDate(date: string): boolean {
    return this.isWorking(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));
  }

  /** The same for a civil date given by its parts (month 1–12): the hot path of working-day counting. */
  isWorking(year: number, month: number, day: number): boolean {
    const c = this.compile(year);
    const key = `${year}-${pad(month)}-${pad(day)}`;
    if (c.workdays.has(key)) return true;
    if (c.holidays.has(key)) return false;
    const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  }

  private compile(year: number): Compiled {
    let c = this.compiled.get(year);
    if (!c) {
      c = compileYear(year, this.published.get(year));
      this.compiled.set(year, c);
    }
    return c;
  }
}

function compileYear(year: number, published: YearArrangement | undefined): Compiled {
  const official = published ?? SHIPPED.get(year);
  const arrangement: YearArrangement = official ?? {
    holidays: isSupportedYear(year) ? statutoryHolidays(year) : [],
    adjustedWorkdays: [],
  };
  const cy: CalendarYear = {
    year,
    status: official ? 'official' : 'provisional',
    holidays: [...arrangement.holidays],
    adjustedWorkdays: [...arrangement.adjustedWorkdays],
    ...(arrangement.notice !== undefined ? { notice: arrangement.notice } : {}),
  };
  return { year: cy, holidays: new Set(cy.holidays), workdays: new Set(cy.adjustedWorkdays) };
}
