/**
 * The province during and after publicity (公示): recording an objection (real-named: a person's name or a unit under
 * its seal, and a contact; the objector's identity is the province's only), resolving an open one (dismissed, or
 * upheld and sent back to a stage the workflow runs or rejected), and granting approval with the reply letter
 * (函复) while the program's quota shows how many are used.
 */
import { Alert, Form, Radio, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal';
import type { ActionFormProps } from '../ActionModal';
import { useProgram, useWorkflow } from '../data';
import { compact, DateField, TextField, todayInProgram } from '../fields';

interface ObjectionValues {
  objector: { kind: 'person' | 'unit'; name: string; contact: string; evidence?: string };
  summary: string;
  receivedOn: string;
}

export function ObjectionForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<ObjectionValues>();
  const labels = {
    'objector.kind': t('review.objection.kind'),
    'objector.name': t('review.objection.name'),
    'objector.contact': t('review.objection.contact'),
    'objector.evidence': t('review.objection.evidence'),
    summary: t('review.objection.summary'),
    receivedOn: t('review.objection.receivedOn'),
  };
  return (
    <ActionModal
      {...p}
      action="objections"
      path="objections"
      form={form}
      fields={['objector', ...Object.keys(labels)]}
      labels={labels}
      initialValues={{ objector: { kind: 'person', name: '', contact: '' }, receivedOn: todayInProgram() }}
      toBody={(v) => ({ objector: compact({ ...v.objector, evidence: v.objector.evidence?.trim() }), summary: v.summary, receivedOn: v.receivedOn })}
      intro={<Typography.Paragraph type="secondary">{t('review.objection.realName')}</Typography.Paragraph>}
    >
      <Form.Item name={['objector', 'kind']} label={labels['objector.kind']}>
        <Radio.Group options={[{ value: 'person', label: t('review.objection.person') }, { value: 'unit', label: t('review.objection.unit') }]} />
      </Form.Item>
      <TextField name={['objector', 'name']} label={labels['objector.name']} required max={200} />
      <TextField name={['objector', 'contact']} label={labels['objector.contact']} required max={200} />
      <TextField name={['objector', 'evidence']} label={labels['objector.evidence']} rows={2} />
      <TextField name="summary" label={labels.summary} required rows={3} />
      <DateField name="receivedOn" label={labels.receivedOn} />
    </ActionModal>
  );
}

interface Objection {
  objectionId: string;
  summary: string;
  receivedOn: string;
  objector: { kind: string; name: string };
  resolution?: { upheld: boolean };
}

interface ResolutionValues {
  objectionId: string;
  upheld: boolean;
  comment: string;
  returnTo?: string;
}

export function ResolutionForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const workflow = useWorkflow(p.c.workflow);
  const [form] = Form.useForm<ResolutionValues>();
  const upheld = Form.useWatch('upheld', form);
  const open = (p.c.publicity.objections as unknown as Objection[]).filter((o) => !o.resolution);
  const stages = workflow.data?.stages ?? {};
  const targets = ['expertReview', ...(['defense', 'siteVisit'] as const).filter((s) => stages[s]?.enabled !== false)];
  const labels = { objectionId: t('review.resolution.objection'), upheld: t('review.resolution.upheld'), comment: t('review.resolution.comment'), returnTo: t('review.resolution.returnTo') };
  return (
    <ActionModal
      {...p}
      action="objections/:objectionId/resolution"
      path={(v) => `objections/${encodeURIComponent(v.objectionId)}/resolution`}
      form={form}
      fields={Object.keys(labels)}
      labels={labels}
      initialValues={{ objectionId: open[0]?.objectionId, upheld: false }}
      toBody={(v) => ({ upheld: v.upheld, comment: v.comment, ...(v.upheld ? { returnTo: v.returnTo } : {}) })}
    >
      <Form.Item name="objectionId" label={labels.objectionId} rules={[{ required: true, message: t('review.form.choose', { field: labels.objectionId }) }]}>
        <Select options={open.map((o) => ({ value: o.objectionId, label: `${o.receivedOn} · ${o.objector.name} · ${o.summary}` }))} />
      </Form.Item>
      <Form.Item name="upheld" label={labels.upheld}>
        <Radio.Group options={[{ value: false, label: t('review.resolution.dismiss') }, { value: true, label: t('review.resolution.uphold') }]} />
      </Form.Item>
      {upheld && (
        <Form.Item name="returnTo" label={labels.returnTo} rules={[{ required: true, message: t('review.form.choose', { field: labels.returnTo }) }]}>
          <Radio.Group
            options={[...targets.map((s) => ({ value: s, label: t(`stages.${s}`) })), { value: 'rejected', label: t('review.resolution.rejected') }]}
          />
        </Form.Item>
      )}
      <TextField name="comment" label={labels.comment} required rows={3} />
    </ActionModal>
  );
}

export function ApprovalForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const program = useProgram(p.c.programId);
  const [form] = Form.useForm<{ replyLetterNo: string; repliedOn: string }>();
  const labels = { replyLetterNo: t('review.approval.replyLetterNo'), repliedOn: t('review.approval.repliedOn') };
  const a = program.data?.approvals;
  return (
    <ActionModal
      {...p}
      action="approval"
      path="approval"
      form={form}
      fields={Object.keys(labels)}
      labels={labels}
      initialValues={{ repliedOn: todayInProgram() }}
      toBody={(v) => ({ replyLetterNo: v.replyLetterNo.trim(), repliedOn: v.repliedOn })}
      intro={a && <Alert type={a.granted >= a.max ? 'warning' : 'info'} showIcon title={t('review.approval.quota', a)} style={{ marginBottom: 16 }} />}
    >
      <TextField name="replyLetterNo" label={labels.replyLetterNo} required max={100} placeholder="粤工信数字产业函〔2019〕900号" />
      <DateField name="repliedOn" label={labels.repliedOn} />
    </ActionModal>
  );
}
