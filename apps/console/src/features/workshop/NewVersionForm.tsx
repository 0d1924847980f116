/**
 * "New version from this one": a form over every field of the source version, the stages the new version will have
 * and its lifecycle diagram (switching defense or site visit off takes it out at once), the difference against the
 * source, and publishing
 * (`POST /workflows/:key/versions`), whose validation messages land at the fields.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Empty, Form, Input, InputNumber, Select, Space, Switch, Table, Typography } from 'antd';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { showApiErrors } from './api';
import type { WorkflowDefinition } from './api';
import { AmountInput, RubricRows, StageRows, UnitSelect } from './definition-fields';
import { fromForm, RATINGS, toForm } from './workflow-form';
import type { FormValues } from './workflow-form';
import { diffDefinitions, stagesOfDefinition } from './workflow-model';
import { StageSteps } from './StageSteps';
import { LiveDiagram } from './LiveDiagram';

/** A rule without `required` (which would put aria-required on the checkbox group, not an ARIA input). */
const atLeastOne = (message: string) => ({
  validator: (_: unknown, v: unknown[] | undefined) => ((v?.length ?? 0) > 0 ? Promise.resolve() : Promise.reject(new Error(message))),
});
const show = (v: unknown) => (v === undefined ? '—' : String(v));

export function NewVersionForm({ source, onDone }: { source: WorkflowDefinition; onDone: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<FormValues>();
  const initial = useMemo(() => toForm(source), [source]);
  const [problems, setProblems] = useState<string[]>([]);
  const watched = Form.useWatch([], { form, preserve: true }) as FormValues | undefined;
  const next = fromForm(watched ?? initial, source);
  const changes = diffDefinitions(source, JSON.parse(JSON.stringify(next)));
  const publish = useMutation({
    mutationFn: () => call<{ key: string; version: number }>(`/workflows/${encodeURIComponent(source.key)}/versions`, { method: 'POST', body: { definition: next } }),
    onSuccess: (r) => {
      void queries.invalidateQueries({ queryKey: ['workflows'] });
      void message.success(t('workshop.workflows.published', r));
      onDone();
      void navigate(`/workshop/workflows/${encodeURIComponent(r.key)}/${r.version}`);
    },
    onError: (e) => setProblems(showApiErrors(form, e, ['definition'])),
  });
  const req = (field: string) => [{ required: true, message: t('workshop.common.required', { field: t(field) }) }];
  const day = t('workshop.workflows.days', { n: '' }).trim();

  return (
    <Card title={t('workshop.workflows.formTitle', { key: source.key, version: source.version })} style={{ marginTop: 16 }}>
      <Form<FormValues> form={form} layout="vertical" initialValues={initial} onValuesChange={() => setProblems([])} onFinish={() => publish.mutate()}>
        <Form.Item name="name" label={t('workshop.workflows.name')} rules={[{ required: true, whitespace: true, message: t('workshop.common.required', { field: t('workshop.workflows.name') }) }]}>
          <Input />
        </Form.Item>
        <Typography.Title level={4}>{t('workshop.workflows.stages')}</Typography.Title>
        <StageSteps stages={stagesOfDefinition(next)} label={t('workshop.workflows.newStages')} />
        <LiveDiagram workflowKey={source.key} definition={next} />
        <StageRows />
        <Typography.Title level={4} style={{ marginTop: 16 }}>{t('workshop.workflows.panel')}</Typography.Title>
        <Space wrap size="large">
          <Form.Item name={['panel', 'size']} label={t('workshop.workflows.panelSize')} rules={req('workshop.workflows.panelSize')}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item name={['panel', 'aggregation']} label={t('workshop.workflows.aggregation')}>
            <Select style={{ width: 260 }} options={['mean', 'trimmedMean'].map((a) => ({ value: a, label: t(`workshop.workflows.${a}`) }))} />
          </Form.Item>
          <Form.Item name="passThreshold" label={t('workshop.workflows.passThreshold')} rules={req('workshop.workflows.passThreshold')}>
            <InputNumber min={0} />
          </Form.Item>
          <Form.Item name="defensePassThreshold" label={t('workshop.workflows.defensePassThreshold')}>
            <InputNumber min={0} />
          </Form.Item>
        </Space>
        <Typography.Title level={4}>
          {t('workshop.workflows.rubricTotal', { total: next.rubric.reduce((s, c) => s + (Number(c?.max) || 0), 0) })}
        </Typography.Title>
        <RubricRows />
        <Typography.Title level={4} style={{ marginTop: 16 }}>{t('workshop.workflows.publicity')} · {t('workshop.workflows.monitoring')} · {t('workshop.workflows.recusal')}</Typography.Title>
        <Space wrap size="large" align="start">
          <Form.Item name={['publicity', 'duration']} label={t('workshop.workflows.publicity')} rules={req('workshop.workflows.publicity')}>
            <AmountInput suffix={day} label={t('workshop.workflows.publicity')} />
          </Form.Item>
          <Form.Item name={['publicity', 'unit']} label={t('workshop.workflows.unit')}>
            <UnitSelect label={`${t('workshop.workflows.publicity')} ${t('workshop.workflows.unit')}`} />
          </Form.Item>
          <Form.Item name={['monitoring', 'reportEvery']} label={t('workshop.workflows.reportEvery')} rules={req('workshop.workflows.reportEvery')}>
            <AmountInput suffix={t('workshop.workflows.months')} label={t('workshop.workflows.reportEvery')} />
          </Form.Item>
          <Form.Item name={['monitoring', 'reportGrace']} label={t('workshop.workflows.reportGrace')} extra={t('workshop.workflows.reportGraceHint')}>
            <AmountInput suffix={day} label={t('workshop.workflows.reportGrace')} min={0} />
          </Form.Item>
          <Form.Item name={['monitoring', 'missedReportsAsFail']} label={t('workshop.workflows.missedReportsAsFail')}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item name={['monitoring', 'rectificationRounds']} label={t('workshop.workflows.rectificationRounds')}>
            <InputNumber min={0} precision={0} />
          </Form.Item>
          <Form.Item name={['monitoring', 'ratings']} label={t('workshop.workflows.ratings')} rules={[atLeastOne(t('workshop.workflows.ratingsRule'))]}>
            <Checkbox.Group options={RATINGS.map((r) => ({ value: r, label: t(`overview.monitoring.ratingNames.${r}`) }))} />
          </Form.Item>
          <Form.Item name={['recusal', 'homeCity']} label={t('workshop.workflows.homeCity')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name={['recusal', 'employer']} label={t('workshop.workflows.employer')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Space>
        <Form.Item name="timeZone" label={t('workshop.workflows.timeZone')} extra={t('workshop.workflows.timeZoneHint')} rules={[{ required: true, whitespace: true, message: t('workshop.common.required', { field: t('workshop.workflows.timeZone') }) }]}>
          <Input style={{ width: 240 }} />
        </Form.Item>
        <Typography.Title level={4}>{t('workshop.workflows.diff', { version: source.version })}</Typography.Title>
        <Table
          rowKey="path"
          size="small"
          pagination={false}
          aria-label={t('workshop.workflows.diff', { version: source.version })}
          locale={{ emptyText: <Empty description={t('workshop.workflows.noDiff')} /> }}
          dataSource={changes}
          columns={[
            { title: t('workshop.workflows.field'), dataIndex: 'path', render: (p: string) => <code>{p}</code> },
            { title: t('workshop.workflows.version', { version: source.version }), render: (_, c) => show(c.before) },
            { title: '→', render: (_, c) => <strong>{show(c.after)}</strong> },
          ]}
        />
        {problems.length > 0 && <Alert type="error" showIcon message={t('workshop.common.fieldProblems')} description={problems.join('\n')} style={{ whiteSpace: 'pre-line', marginTop: 16 }} />}
        <Space style={{ marginTop: 16 }}>
          <Button type="primary" htmlType="submit" loading={publish.isPending} disabled={changes.length === 0}>
            {t('workshop.workflows.publish')}
          </Button>
          <Button onClick={onDone}>{t('workshop.common.cancel')}</Button>
        </Space>
      </Form>
    </Card>
  );
}
