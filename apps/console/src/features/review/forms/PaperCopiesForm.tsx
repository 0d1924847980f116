/**
 * The paper-copy register (一式五份): a city of the case or the province records the paper copies it received, the
 * day, who received them and, optionally, the SHA-256 of the sealed scan the paper matches. The limits are the
 * API's (copies 1–20, the day not in the future nor before the submission, receiver ≤ 50 characters).
 */
import { Form, InputNumber } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal';
import type { ActionFormProps } from '../ActionModal';
import { compact, DateField, TextField, todayInProgram } from '../fields';

interface Values {
  copies: number;
  receivedOn: string;
  receiver: string;
  matchesSha256?: string;
}

export function PaperCopiesForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Values>();
  const labels = {
    copies: t('review.paperCopies.copies'),
    receivedOn: t('review.paperCopies.receivedOn'),
    receiver: t('review.paperCopies.receiver'),
    matchesSha256: t('review.paperCopies.matchesSha256'),
  };
  return (
    <ActionModal
      {...p}
      action="paper-copies"
      path="paper-copies"
      form={form}
      fields={Object.keys(labels)}
      labels={labels}
      initialValues={{ copies: 5, receivedOn: todayInProgram() }}
      toBody={(v) => compact({ copies: v.copies, receivedOn: v.receivedOn, receiver: v.receiver.trim(), matchesSha256: v.matchesSha256?.trim() })}
    >
      <Form.Item name="copies" label={labels.copies} extra={t('review.paperCopies.copiesHint')} rules={[{ required: true, message: t('review.form.required', { field: labels.copies }) }]}>
        <InputNumber min={1} max={20} precision={0} />
      </Form.Item>
      <DateField name="receivedOn" label={labels.receivedOn} />
      <TextField name="receiver" label={labels.receiver} required max={50} />
      <TextField
        name="matchesSha256"
        label={labels.matchesSha256}
        max={64}
        extraRules={[{ pattern: /^[0-9a-f]{64}$/, message: t('review.paperCopies.sha256Format') }]}
      />
    </ActionModal>
  );
}
