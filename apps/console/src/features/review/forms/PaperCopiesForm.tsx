/**
 * The paper-copy register (一式五份): a city of the case or the province records the paper copies it received, the
 * day, who received them and, optionally, the sealed scan the paper matches — chosen from the case's sealed
 * application scans by name (its SHA-256 is what the API records), not typed as 64 hexadecimal characters. The limits
 * are the API's (copies 1–20, the day not in the future nor before the submission, receiver ≤ 50 characters).
 */
import { Form, InputNumber, Select } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import type { AttachmentList } from '../../../api/types';
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
  // The same list (and cache) as the case page's 附件 card.
  const attachments = useQuery({ queryKey: ['attachments', p.c.id], queryFn: () => call<AttachmentList>(`/cases/${encodeURIComponent(p.c.id)}/attachments`) });
  const scans = (attachments.data?.items ?? []).filter((a) => a.kind === 'sealedApplication');
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
      <Form.Item name="matchesSha256" label={labels.matchesSha256} extra={scans.length === 0 && !attachments.isPending ? t('review.paperCopies.noScans') : undefined}>
        <Select
          allowClear
          aria-label={labels.matchesSha256}
          loading={attachments.isPending}
          disabled={scans.length === 0}
          options={scans.map((a) => ({ value: a.sha256, label: `${a.name} · SHA-256 ${a.sha256.slice(0, 12)}` }))}
        />
      </Form.Item>
    </ActionModal>
  );
}
