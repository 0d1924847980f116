/**
 * Form fields with the limits the API checks, so most mistakes are caught before sending: required texts (not
 * blank), lengths counted in characters, dates (`YYYY-MM-DD`) and date-times (sent with the program's +08:00 zone).
 */
import { Form, Input } from 'antd';
import type { Rule } from 'antd/es/form';
import { DateInput } from '../../pages/DateInput';
import { useTranslation } from 'react-i18next';

/** The API's longest free text (TEXT_MAX in apps/api/src/cases/http/common.dto.ts); the deciders allow 2,000. */
export const TEXT_LIMIT = 2000;

interface TextProps {
  name: string | (string | number)[];
  label: string;
  required?: boolean;
  rows?: number;
  max?: number;
  placeholder?: string;
  extraRules?: Rule[];
}

export function TextField({ name, label, required = false, rows, max = TEXT_LIMIT, placeholder, extraRules = [] }: TextProps) {
  const { t } = useTranslation();
  const rules: Rule[] = [{ required, whitespace: true, message: t('review.form.required', { field: label }) }, ...extraRules];
  return (
    <Form.Item name={name} label={label} rules={rules}>
      {rows ? <Input.TextArea rows={rows} maxLength={max} showCount={max <= 200} placeholder={placeholder} /> : <Input maxLength={max} placeholder={placeholder} />}
    </Form.Item>
  );
}

export function DateField({ name, label, required = true }: { name: string; label: string; required?: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label} rules={[{ required, message: t('review.form.required', { field: label }) }, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('review.form.dateFormat') }]}>
      <DateInput style={{ width: 200 }} />
    </Form.Item>
  );
}

export function DateTimeField({ name, label }: { name: string; label: string }) {
  const { t } = useTranslation();
  return (
    <Form.Item name={name} label={label} rules={[{ required: true, message: t('review.form.required', { field: label }) }]}>
      <DateInput kind="datetime" style={{ width: 240 }} />
    </Form.Item>
  );
}

/** `2019-03-20T09:00` as the program's local time → `2019-03-20T09:00:00+08:00`. */
export const withProgramZone = (local: string): string => `${local.length === 16 ? `${local}:00` : local}+08:00`;

/** Today in the program's zone, `YYYY-MM-DD`. */
export const todayInProgram = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());

/** Drops empty optional texts: the API reads an absent field as "not given", an empty one as blank. */
export function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null && v !== '')) as T;
}
