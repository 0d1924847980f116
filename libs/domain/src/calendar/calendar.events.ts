/**
 * The working-day calendar: one stream per year (`calendar-<year>`). Years are independent arrangements, published
 * once a year and corrected rarely; a stream per year keeps each year's history (publication, corrections) readable
 * on its own and lets two years be published at once without contending for one revision. The read side folds
 * every `calendar-` stream.
 */
import type { Message } from '../shared/decider';

/** A year's official arrangement (国务院办公厅关于某年部分节假日安排的通知); a later one for the same year corrects it. */
export type CalendarPublished = Message<'CalendarPublished', {
  year: number;
  /** `YYYY-MM-DD`, sorted: every day off, weekends inside a holiday block included. */
  holidays: string[];
  /** `YYYY-MM-DD`, sorted: the Saturdays and Sundays worked instead (调休). */
  adjustedWorkdays: string[];
  /** The notice's number, e.g. 国办发明电〔2026〕7号. */
  notice: string;
}>;
export type CalendarEvent = CalendarPublished;

/** Untrusted input (the body of `PUT /calendar/:year`), validated by the decider. */
export type PublishCalendar = Message<'PublishCalendar', { year: number; holidays: unknown; adjustedWorkdays: unknown; notice: unknown }>;
export type CalendarCommand = PublishCalendar;

export const calendarStream = (year: number): string => `calendar-${year}`;
export const CALENDAR_STREAM_PREFIX = 'calendar-';
