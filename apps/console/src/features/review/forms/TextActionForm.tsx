/**
 * Actions whose body is one text: urge {comment}, recusal {reason}, resume {comment}, revoke {reason},
 * complete {comment}. Each text is required (the deciders refuse a blank one).
 */
import { Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal';
import type { ActionFormProps } from '../ActionModal';
import { TextField } from '../fields';

const SPECS = {
  urge: { field: 'comment', label: 'review.urge.comment', intro: 'review.urge.intro' },
  recusal: { field: 'reason', label: 'review.recusal.reason', intro: 'review.recusal.intro' },
  resume: { field: 'comment', label: 'review.resume.comment', intro: undefined },
  revoke: { field: 'reason', label: 'review.revoke.reason', intro: undefined },
  complete: { field: 'comment', label: 'review.complete.comment', intro: undefined },
} as const;
export type TextAction = keyof typeof SPECS;
export const TEXT_ACTIONS = Object.keys(SPECS) as TextAction[];

export function TextActionForm({ action, ...p }: ActionFormProps & { action: TextAction }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Record<string, string>>();
  const spec = SPECS[action];
  const label = t(spec.label);
  return (
    <ActionModal
      {...p}
      action={action}
      path={action}
      form={form}
      fields={[spec.field]}
      labels={{ [spec.field]: label }}
      toBody={(v) => ({ [spec.field]: v[spec.field] })}
      leaveTo={action === 'recusal' ? '/inbox' : undefined}
      intro={spec.intro && <Typography.Paragraph type="secondary">{t(spec.intro)}</Typography.Paragraph>}
    >
      <TextField name={spec.field} label={label} required rows={3} />
    </ActionModal>
  );
}
