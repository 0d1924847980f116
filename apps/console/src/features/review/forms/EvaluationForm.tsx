/**
 * A city's or the province's evaluation of a zone's progress (跟踪评估): the period, a rating, the reasons; the
 * province may order a rectification (整改) by a date after today when it rates a period as failed.
 */
import { Form, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal';
import type { ActionFormProps } from '../ActionModal';
import { compact, DateField, TextField } from '../fields';
import { useSession } from '../../../session/session';

interface Values {
  period: string;
  rating: 'excellent' | 'good' | 'pass' | 'fail';
  comment: string;
  rectificationDueOn?: string;
}

export function EvaluationForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [form] = Form.useForm<Values>();
  const rating = Form.useWatch('rating', form);
  const labels = { period: t('review.evaluation.period'), rating: t('review.evaluation.rating'), comment: t('review.evaluation.comment'), rectificationDueOn: t('review.evaluation.rectificationDueOn') };
  const canOrder = user?.role === 'province' && rating === 'fail';
  return (
    <ActionModal
      {...p}
      action="evaluations"
      path="evaluations"
      form={form}
      fields={Object.keys(labels)}
      labels={labels}
      initialValues={{ rating: 'good' }}
      toBody={(v) => compact({ period: v.period.trim(), rating: v.rating, comment: v.comment, rectificationDueOn: canOrder ? v.rectificationDueOn : undefined })}
    >
      <TextField name="period" label={labels.period} required max={50} placeholder={t('review.evaluation.periodHint')} />
      <Form.Item name="rating" label={labels.rating}>
        <Radio.Group options={(['excellent', 'good', 'pass', 'fail'] as const).map((r) => ({ value: r, label: t(`review.evaluation.ratings.${r}`) }))} />
      </Form.Item>
      <TextField name="comment" label={labels.comment} required rows={3} />
      {canOrder && <DateField name="rectificationDueOn" label={labels.rectificationDueOn} required={false} />}
    </ActionModal>
  );
}
