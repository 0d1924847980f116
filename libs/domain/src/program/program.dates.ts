/**
 * Calendar dates (`YYYY-MM-DD`) and instants as the program reads them: dates are in the
 * program's time zone (Asia/Shanghai), so "today" depends on the zone, never on the server's.
 */

import { isDate, isInstant } from '../rules/formats';

export const PROGRAM_TIME_ZONE = 'Asia/Shanghai';

/** A real calendar day in `YYYY-MM-DD` (rejects 2019-02-30). */
export const isValidDate = (s: unknown): s is string => typeof s === 'string' && isDate(s);

/** An ISO 8601 instant with an explicit zone (`Z` or `±hh:mm`). */
export const isValidInstant = (s: unknown): s is string => typeof s === 'string' && isInstant(s);

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar date of `now` in `timeZone`, as `YYYY-MM-DD`. */
export function dateIn(now: Date, timeZone: string = PROGRAM_TIME_ZONE): string {
  let f = formatters.get(timeZone);
  if (!f) {
    // en-CA formats as YYYY-MM-DD.
    f = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, f);
  }
  return f.format(now);
}
