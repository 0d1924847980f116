/**
 * The strings the console's forms and the API use for dates, and dayjs values for Ant Design's picker: `YYYY-MM-DD`,
 * `YYYY-MM-DDTHH:mm` (the program's local time; the form adds its zone) and `YYYY-MM`, shown and typed as
 * `YYYY-MM-DD`, `YYYY-MM-DD HH:mm` and `YYYY-MM`. Parsing is strict: a string not exactly in its kind's format (or
 * not a real day, 2019-02-30) is no value, never a guess.
 */
import dayjs from 'dayjs';
import type { Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(customParseFormat);

export type DateKind = 'date' | 'datetime' | 'month';

export const DATE_FORMATS: Record<DateKind, { value: string; shown: string }> = {
  date: { value: 'YYYY-MM-DD', shown: 'YYYY-MM-DD' },
  datetime: { value: 'YYYY-MM-DDTHH:mm', shown: 'YYYY-MM-DD HH:mm' },
  month: { value: 'YYYY-MM', shown: 'YYYY-MM' },
};

/** The picker's value for a form string, or null (shown empty). */
export function toPickerValue(value: string | undefined, kind: DateKind): Dayjs | null {
  if (!value) return null;
  const parsed = dayjs(value, DATE_FORMATS[kind].value, true);
  return parsed.isValid() ? parsed : null;
}

/** The form string for what the picker holds (undefined when cleared). */
export const fromPickerValue = (value: Dayjs | null | undefined, kind: DateKind): string | undefined => (value ? value.format(DATE_FORMATS[kind].value) : undefined);

export { dayjs };
