/**
 * Dates, date-times and months typed or picked the same way in both languages (Ant Design's picker, its calendar in
 * the chosen language), where the browser's own `<input type="date">` showed the browser's locale (mm/dd/yyyy on an
 * English browser, whatever language the console was in). The value stays the string the API and the forms use:
 * `YYYY-MM-DD`, `YYYY-MM-DDTHH:mm` or `YYYY-MM` (date-values.ts). Works as a Form.Item's child (it takes `id`,
 * `value`, `onChange`).
 */
import { DatePicker } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { DATE_FORMATS, fromPickerValue, toPickerValue } from './date-values';
import type { DateKind } from './date-values';
import './dayjs';

export interface DateInputProps {
  kind?: DateKind;
  value?: string;
  onChange?: (value: string | undefined) => void;
  id?: string;
  'aria-label'?: string;
  status?: '' | 'error' | 'warning';
  style?: CSSProperties;
  disabled?: boolean;
}

export function DateInput({ kind = 'date', value, onChange, style, ...rest }: DateInputProps) {
  const { i18n } = useTranslation();
  const formats = DATE_FORMATS[kind];
  return (
    <DatePicker
      {...rest}
      // A new language: the calendar's month and weekday names follow (dayjs's locale is set with it, see dayjs.ts).
      key={i18n.language}
      picker={kind === 'month' ? 'month' : 'date'}
      showTime={kind === 'datetime' ? { format: 'HH:mm' } : false}
      // Typed or picked, a whole value is taken at once (no OK button to press for a date-time): Tab moves on with it.
      needConfirm={false}
      format={formats.shown}
      placeholder={formats.shown}
      value={toPickerValue(value, kind)}
      onChange={(d) => onChange?.(fromPickerValue(d, kind))}
      style={{ width: kind === 'datetime' ? 220 : 160, ...style }}
    />
  );
}
