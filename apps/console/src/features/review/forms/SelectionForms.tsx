/**
 * The province's defense (答辩) and site visit (现场考察): scheduling each (time in the program's zone, venue and
 * panel from the pool; the visiting team by name) and recording its result (pass, fail, or defer to cultivation;
 * a fail or a deferral of the defense needs the reasons).
 */
import { Form, Input, InputNumber, Radio, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal';
import type { ActionFormProps } from '../ActionModal';
import { useExperts, useWorkflow } from '../data';
import { conflictsOf } from '../review-model';
import { DateTimeField, TextField, withProgramZone } from '../fields';
import { expertLabel } from './PanelForms';

type Decision = 'pass' | 'fail' | 'defer';

function DecisionField() {
  const { t } = useTranslation();
  return (
    <Form.Item name="decision" label={t('review.conclude.decision')}>
      <Radio.Group options={(['pass', 'fail', 'defer'] as const).map((d) => ({ value: d, label: t(`review.decisions.${d}`) }))} />
    </Form.Item>
  );
}

export function ScheduleDefenseForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const experts = useExperts();
  const workflow = useWorkflow(p.c.workflow);
  const [form] = Form.useForm<{ scheduledAt: string; venue: string; panelExpertIds: string[] }>();
  const labels = { scheduledAt: t('review.defense.scheduledAt'), venue: t('review.defense.venue'), panelExpertIds: t('review.defense.panel') };
  const pool = (experts.data?.items ?? []).filter((e) => e.active);
  // The defense panel follows the same recusal policy as the review panel: barred experts are shown, not offered.
  const options = pool.map((e) => {
    const notes = workflow.data ? conflictsOf(e, p.c, workflow.data.recusal).map((k) => t(k === 'homeCity' ? 'review.errors.conflictHomeCity' : 'review.errors.conflictEmployer')) : [];
    return { value: e.id, label: notes.length > 0 ? `${expertLabel(e, e.id)} — ${notes.join('；')}` : expertLabel(e, e.id), disabled: notes.length > 0 };
  });
  const names = Object.fromEntries(pool.map((e) => [`expert:${e.id}`, e.name]));
  return (
    <ActionModal {...p} action="defense" path="defense" form={form} fields={Object.keys(labels)} labels={{ ...labels, ...names }} toBody={(v) => ({ ...v, scheduledAt: withProgramZone(v.scheduledAt) })}>
      <DateTimeField name="scheduledAt" label={labels.scheduledAt} />
      <TextField name="venue" label={labels.venue} required max={200} />
      <Form.Item name="panelExpertIds" label={labels.panelExpertIds} rules={[{ required: true, type: 'array', min: 1, message: t('review.form.choose', { field: labels.panelExpertIds }) }]}>
        <Select mode="multiple" options={options} loading={experts.isPending} optionFilterProp="label" />
      </Form.Item>
    </ActionModal>
  );
}

export function DefenseResultForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ decision: Decision; score?: number; comment?: string }>();
  const decision = Form.useWatch('decision', form);
  const labels = { decision: t('review.conclude.decision'), score: t('review.defense.score'), comment: t('review.defense.comment') };
  return (
    <ActionModal
      {...p}
      action="defense/result"
      path="defense/result"
      form={form}
      fields={Object.keys(labels)}
      labels={labels}
      initialValues={{ decision: 'pass' }}
      toBody={(v) => ({ decision: v.decision, ...(typeof v.score === 'number' ? { score: v.score } : {}), comment: v.comment ?? '' })}
    >
      <DecisionField />
      <Form.Item name="score" label={labels.score} rules={[{ type: 'number', min: 0, message: t('review.scores.min') }]}>
        <InputNumber style={{ width: 160 }} />
      </Form.Item>
      <Form.Item
        name="comment"
        label={labels.comment}
        required={decision !== 'pass'}
        dependencies={['decision']}
        rules={[({ getFieldValue }) => ({ required: getFieldValue('decision') !== 'pass', whitespace: true, message: t('review.defense.commentRequired') })]}
      >
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
    </ActionModal>
  );
}

export function ScheduleSiteVisitForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ scheduledAt: string; team: string[] }>();
  const labels = { scheduledAt: t('review.siteVisit.scheduledAt'), team: t('review.siteVisit.team') };
  return (
    <ActionModal {...p} action="site-visit" path="site-visit" form={form} fields={Object.keys(labels)} labels={labels} toBody={(v) => ({ scheduledAt: withProgramZone(v.scheduledAt), team: v.team.map((m) => m.trim()).filter(Boolean) })}>
      <DateTimeField name="scheduledAt" label={labels.scheduledAt} />
      <Form.Item name="team" label={labels.team} extra={t('review.siteVisit.teamHint')} rules={[{ required: true, type: 'array', min: 1, message: t('review.form.required', { field: labels.team }) }]}>
        <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，', '、']} />
      </Form.Item>
    </ActionModal>
  );
}

export function SiteVisitResultForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ decision: Decision; findings: string }>();
  const labels = { decision: t('review.conclude.decision'), findings: t('review.siteVisit.findings') };
  return (
    <ActionModal {...p} action="site-visit/result" path="site-visit/result" form={form} fields={Object.keys(labels)} labels={labels} initialValues={{ decision: 'pass' }} toBody={(v) => v}>
      <DecisionField />
      <TextField name="findings" label={labels.findings} required rows={3} />
    </ActionModal>
  );
}
