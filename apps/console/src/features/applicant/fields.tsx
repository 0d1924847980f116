/** Small input pieces the applicant's forms share: texts with a live character counter, months, a section card. */
import type { ReactNode } from 'react';
import { Card, Typography } from 'antd';
import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { DateInput } from '../../pages/DateInput';

/** Characters as the API counts them: code points (a Chinese character or an emoji is one). */
export const codePoints = (s: string): number => [...s].length;

/** A counter shown live ("12 / 200") that turns red past `max`, counted in code points like the API. */
export const counter = (max: number) => ({ show: true, max, strategy: codePoints });

/** The same limit as a form rule, so the field says so while typing (the API says it again on save). */
export const lengthRule = (max: number, t: TFunction): FormRule => ({
  validator: (_, v: unknown) =>
    typeof v === 'string' && codePoints(v) > max ? Promise.reject(new Error(t('appl.messages.tooLong', { max, has: codePoints(v) }))) : Promise.resolve(),
});

/** A month `YYYY-MM` (typed, or picked in the console's language). */
export function MonthInput(props: { value?: string; onChange?: (v: string) => void; 'aria-label'?: string; id?: string }) {
  return <DateInput kind="month" id={props.id} aria-label={props['aria-label']} value={props.value} onChange={(v) => props.onChange?.(v ?? '')} style={{ minWidth: 150 }} />;
}

/** One numbered section of the 申报书, reachable from the page's outline by its id. */
export function Section({ id, title, hint, children, extra }: { id: string; title: string; hint?: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <Card id={id} title={title} extra={extra} role="region" aria-label={title} style={{ scrollMarginTop: 80 }}>
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      {children}
    </Card>
  );
}
