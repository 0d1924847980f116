import { CALENDAR_YEARS, DomainError } from '@shenbao/domain';

/** `:year`, checked before anything is loaded (400 naming the parameter). */
export function calendarYearParam(year: string): number {
  const n = /^\d{4}$/.test(year) ? Number(year) : Number.NaN;
  if (!(n >= CALENDAR_YEARS.min && n <= CALENDAR_YEARS.max)) {
    throw DomainError.validation([{ field: 'year', messages: [`must be a year from ${CALENDAR_YEARS.min} to ${CALENDAR_YEARS.max}`] }]);
  }
  return n;
}
