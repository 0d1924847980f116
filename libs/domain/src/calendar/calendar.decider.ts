/**
 * Publishing a year's official holiday arrangement (admin). The checks are the mistakes an administrator copying a
 * State Council notice can make: a date of the wrong year or not a date, a date listed twice or both off and worked,
 * a weekday given as an adjusted workday (调休 moves work onto a weekend), a fixed statutory holiday left out, a
 * notice number that is missing, malformed or of another year. Publishing the same arrangement again decides
 * nothing; a different one for the same year is a correction, appended as another CalendarPublished.
 */
import { DomainError, type FieldError, type RuleBreach } from '../errors';
import { isBlank, isDate } from '../rules/formats';
import type { DecideContext } from '../shared/actor';
import { assertNever, type Decider } from '../shared/decider';
import type { CalendarCommand, CalendarEvent, CalendarPublished, PublishCalendar } from './calendar.events';

/** The years a calendar can be published for (the working-day arithmetic's lunar table ends in 2099). */
export const CALENDAR_YEARS = { min: 2004, max: 2099 } as const;

/** Holidays every arrangement has, whatever the year's lunar dates: 元旦, 劳动节 (May 1–2), 国庆 (Oct 1–3). */
const FIXED_STATUTORY = ['01-01', '05-01', '05-02', '10-01', '10-02', '10-03'];
/** Generous bounds: an arrangement has about 30 days off and 5–8 adjusted workdays. */
const MAX_HOLIDAYS = 60;
const MAX_ADJUSTED = 15;
/** 国办发明电〔2026〕7号; the year's brackets are often typed as [] or （）, and are stored as 〔〕. */
const NOTICE = /^国办发(明电)?\s*[〔[［(（]\s*(\d{4})\s*[〕\]］)）]\s*(\d+)\s*号$/;

export const CALENDAR_RULES = {
  bothOffAndWorked: 'calendar.holidayAndWorkday',
  statutoryMissing: 'calendar.statutoryHoliday',
  weekdayWorkday: 'calendar.adjustedWorkdayOnWeekend',
  noticeYear: 'calendar.noticeYear',
} as const;

export interface CalendarState {
  /** The arrangement in force (the last published), if any. */
  published?: CalendarPublished['data'];
}

export const isCalendarYear = (year: unknown): year is number =>
  typeof year === 'number' && Number.isInteger(year) && year >= CALENDAR_YEARS.min && year <= CALENDAR_YEARS.max;

const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();

/** The field's dates, checked one by one; `undefined` when the field is not a list of valid dates of `year`. */
function datesOf(field: string, value: unknown, year: number, max: number, errors: FieldError[]): string[] | undefined {
  if (!Array.isArray(value)) {
    errors.push({ field, messages: ['must be a list of dates (YYYY-MM-DD)'] });
    return undefined;
  }
  if (value.length > max) errors.push({ field, messages: [`must list at most ${max} dates`] });
  const seen = new Set<string>();
  let ok = value.length <= max;
  value.forEach((d: unknown, i) => {
    const at = `${field}[${i}]`;
    if (typeof d !== 'string' || !isDate(d)) errors.push({ field: at, messages: ['must be a date YYYY-MM-DD'] });
    else if (Number(d.slice(0, 4)) !== year) errors.push({ field: at, messages: [`must be a date of ${year}`] });
    else if (seen.has(d)) errors.push({ field: at, messages: [`${d} is listed twice`] });
    else {
      seen.add(d);
      return;
    }
    ok = false;
  });
  return ok ? [...seen].sort() : undefined;
}

function noticeOf(value: unknown, year: number, errors: FieldError[], breaches: RuleBreach[]): string | undefined {
  if (typeof value !== 'string' || isBlank(value)) {
    errors.push({ field: 'notice', messages: ['is required: the State Council notice number, e.g. 国办发明电〔2026〕7号'] });
    return undefined;
  }
  const m = NOTICE.exec(value.trim());
  if (!m) {
    errors.push({ field: 'notice', messages: ['must be a notice number like 国办发明电〔2026〕7号'] });
    return undefined;
  }
  const notice = `国办发${m[1] ?? ''}〔${m[2]}〕${Number(m[3])}号`;
  // The arrangement for a year is announced late in the year before (or, for a change, in the year itself).
  if (Number(m[2]) !== year - 1 && Number(m[2]) !== year) {
    breaches.push({ rule: CALENDAR_RULES.noticeYear, message: `The notice ${notice} is of ${m[2]}; an arrangement for ${year} is announced in ${year - 1} or ${year}.` });
  }
  return notice;
}

function arrangementRules(year: number, holidays: string[], workdays: string[]): RuleBreach[] {
  const breaches: RuleBreach[] = [];
  const off = new Set(holidays);
  const both = workdays.filter((d) => off.has(d));
  if (both.length > 0) breaches.push({ rule: CALENDAR_RULES.bothOffAndWorked, message: `A date cannot be both a holiday and an adjusted workday: ${both.join(', ')}.` });
  const weekdays = workdays.filter((d) => weekday(d) !== 0 && weekday(d) !== 6);
  if (weekdays.length > 0) {
    breaches.push({ rule: CALENDAR_RULES.weekdayWorkday, message: `Adjusted workdays are Saturdays or Sundays worked instead; these are weekdays: ${weekdays.join(', ')}.` });
  }
  const missing = FIXED_STATUTORY.map((md) => `${year}-${md}`).filter((d) => !off.has(d));
  if (missing.length > 0) breaches.push({ rule: CALENDAR_RULES.statutoryMissing, message: `Statutory holidays missing from the holidays: ${missing.join(', ')}.` });
  return breaches;
}

/** Field by field: a stored event's keys come back in canonical (sorted) order. */
const sameArrangement = (a: CalendarPublished['data'], b: CalendarPublished['data']): boolean =>
  a.notice === b.notice && a.holidays.join() === b.holidays.join() && a.adjustedWorkdays.join() === b.adjustedWorkdays.join();

function publish(cmd: PublishCalendar, state: CalendarState, ctx: DecideContext): CalendarEvent[] {
  if (ctx.actor.role !== 'admin') throw new DomainError('FORBIDDEN', 'Only an administrator may publish the holiday arrangement.');
  const { year } = cmd.data;
  if (!isCalendarYear(year)) throw DomainError.validation([{ field: 'year', messages: [`must be a year from ${CALENDAR_YEARS.min} to ${CALENDAR_YEARS.max}`] }]);
  const errors: FieldError[] = [];
  const breaches: RuleBreach[] = [];
  const holidays = datesOf('holidays', cmd.data.holidays, year, MAX_HOLIDAYS, errors);
  const adjustedWorkdays = datesOf('adjustedWorkdays', cmd.data.adjustedWorkdays, year, MAX_ADJUSTED, errors);
  const notice = noticeOf(cmd.data.notice, year, errors, breaches);
  if (errors.length > 0) throw DomainError.validation(errors);
  breaches.push(...arrangementRules(year, holidays!, adjustedWorkdays!));
  if (breaches.length > 0) throw DomainError.rules(breaches);
  const data = { year, holidays: holidays!, adjustedWorkdays: adjustedWorkdays!, notice: notice! };
  return state.published && sameArrangement(state.published, data) ? [] : [{ type: 'CalendarPublished', data }];
}

export function decideCalendar(command: CalendarCommand, state: CalendarState, ctx: DecideContext): CalendarEvent[] {
  switch (command.type) {
    case 'PublishCalendar':
      return publish(command, state, ctx);
    default:
      return assertNever(command.type);
  }
}

export function evolveCalendar(state: CalendarState, event: CalendarEvent): CalendarState {
  return event.type === 'CalendarPublished' ? { published: event.data } : state;
}

export const calendarDecider: Decider<CalendarCommand, CalendarEvent, CalendarState> = {
  initialState: {},
  evolve: evolveCalendar,
  decide: decideCalendar,
};
