/**
 * Route `/cases/:id/progress-report`: after approval the zone files a progress report (`POST
 * /cases/:id/progress-reports`): the period, a narrative, target indicators (target and actual), and for each key
 * project of its application the investment to date and its status. Sent with `If-Match`; errors at the field.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import type { Schemas } from '../../api/client';
import type { CaseDetail } from '../../api/types';
import { ErrorState, Loading } from '../../pages/States';
import { errorLines, errorTitle, fieldIssues } from './api-errors';
import { translateMessage } from './describe';
import { namePath } from './form-model';
import { filedPeriods, keyProjectsOf, nextPeriod, type ReportBody } from './progress-report';

const STATUSES = ['not_started', 'in_progress', 'done', 'stalled'] as const;

/** The form's values as the body: all of them (the key projects' seq has no field), blank indicator rows left out. */
const reportBody = (v: ReportBody): ReportBody => ({
  period: v.period.trim(),
  narrative: v.narrative,
  indicators: (v.indicators ?? []).filter((x) => x && [x.name, x.target, x.actual].some((s) => s?.trim())).map((x) => ({ name: x.name ?? '', target: x.target ?? '', actual: x.actual ?? '' })),
  projects: v.projects ?? [],
});

export default function ProgressReportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const detail = useQuery({ queryKey: ['case', id], queryFn: () => call<CaseDetail>(`/cases/${encodeURIComponent(id)}`) });
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  const c = detail.data;
  if (!c.allowedActions.includes('progress-reports')) {
    return (
      <Typography.Paragraph>
        {t('appl.report.notAllowed')} <Link to={`/cases/${encodeURIComponent(c.id)}`}>{t('appl.editor.back')}</Link>
      </Typography.Paragraph>
    );
  }
  return <ReportForm key={`${c.id}-${c.revision}`} c={c} reload={() => void detail.refetch()} />;
}

function ReportForm({ c, reload }: { c: CaseDetail; reload: () => void }) {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`appl.report.${k}`, o);
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [form] = Form.useForm<ReportBody>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const projects = keyProjectsOf(c);
  const filed = filedPeriods(c);

  const file = async (body: ReportBody) => {
    setBusy(true);
    setError(null);
    try {
      await call<Schemas['CaseActionResponse']>(`/cases/${encodeURIComponent(c.id)}/progress-reports`, { method: 'POST', body, headers: { 'If-Match': `"${c.revision}"` } });
      void message.success(r('done'));
      await Promise.all(['case', 'history'].map((k) => queries.invalidateQueries({ queryKey: [k, c.id] })));
      navigate(`/cases/${encodeURIComponent(c.id)}`);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError) form.setFields(fieldIssues(e).map((f) => ({ name: namePath(f.field) as never, errors: f.messages.map((m) => translateMessage(m, t)) })));
    } finally {
      setBusy(false);
    }
  };

  const conflict = error instanceof ApiError && error.code === 'REVISION_CONFLICT';
  const lines = errorLines(error, t);
  const initial: ReportBody = { period: nextPeriod(c), narrative: '', indicators: [{ name: '', target: '', actual: '' }], projects: projects.map((p) => ({ seq: p.seq, investedToDate: undefined as unknown as number, status: 'in_progress' })) };
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ marginBottom: 0 }}>
        {r('title')} · {c.applicant.unitName}
      </Typography.Title>
      <Link to={`/cases/${encodeURIComponent(c.id)}`}>{t('appl.editor.back')}</Link>
      {filed.length > 0 && <Typography.Text type="secondary">{r('filed', { periods: filed.join('、') })}</Typography.Text>}
      {conflict && <Alert type="warning" showIcon role="alert" message={t('appl.errors.REVISION_CONFLICT')} action={<Button onClick={reload}>{t('appl.save.reload')}</Button>} />}
      {error !== null && !conflict && <Alert type="error" showIcon role="alert" message={errorTitle(error, t)} description={lines.length > 0 ? <ul style={{ margin: 0, paddingLeft: 20 }}>{lines.map((l) => <li key={l}>{l}</li>)}</ul> : undefined} />}
      <Form<ReportBody> form={form} layout="vertical" initialValues={initial} onFinish={() => void file(reportBody(form.getFieldsValue(true)))}>
        <Card>
          <Form.Item name="period" label={r('period')} extra={r('periodHint')} rules={[{ required: true, whitespace: true, message: r('periodRequired') }]}>
            <Input style={{ maxWidth: 200 }} />
          </Form.Item>
          <Form.Item name="narrative" label={r('narrative')} rules={[{ required: true, whitespace: true, message: r('narrativeRequired') }]}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 16 }} />
          </Form.Item>
          <Indicators />
          <Typography.Title level={5}>{r('projects')}</Typography.Title>
          <Table
            dataSource={projects.map((p, i) => ({ ...p, i }))}
            rowKey="seq"
            pagination={false}
            size="small"
            bordered
            scroll={{ x: 760 }}
            columns={[
              { title: t('appl.editor.seq'), dataIndex: 'seq', width: 60 },
              { title: t('appl.editor.kpName'), dataIndex: 'name' },
              { title: r('planned'), dataIndex: 'totalInvestment', width: 150 },
              {
                title: r('invested'),
                width: 180,
                render: (_, p) => (
                  <Form.Item name={['projects', p.i, 'investedToDate']} rules={[{ required: true, message: t('appl.messages.required') }]} style={{ margin: 0 }}>
                    <InputNumber aria-label={`${r('invested')} ${p.name}`} min={0} style={{ width: '100%' }} />
                  </Form.Item>
                ),
              },
              {
                title: r('status'),
                width: 150,
                render: (_, p) => (
                  <Form.Item name={['projects', p.i, 'status']} style={{ margin: 0 }}>
                    <Select aria-label={`${r('status')} ${p.name}`} options={STATUSES.map((s) => ({ value: s, label: r(`statuses.${s}`) }))} />
                  </Form.Item>
                ),
              },
            ]}
          />
          <Button type="primary" htmlType="submit" loading={busy} disabled={conflict} style={{ marginTop: 16 }}>
            {r('submit')}
          </Button>
        </Card>
      </Form>
    </Space>
  );
}

function Indicators() {
  const { t } = useTranslation();
  const r = (k: string, o?: Record<string, unknown>) => t(`appl.report.${k}`, o);
  const n = (i: number) => t('appl.editor.item', { n: i + 1 });
  return (
    <Form.List name="indicators">
      {(items, { add, remove }) => (
        <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
          <legend style={{ fontSize: 14, color: 'inherit', border: 0, marginBottom: 8 }}>{r('indicators')}</legend>
          {items.map((item, i) => (
            <Space key={item.key} align="start" wrap style={{ display: 'flex' }}>
              <Form.Item name={[item.name, 'name']}>
                <Input aria-label={`${r('indicatorName')} ${n(i)}`} placeholder={r('indicatorName')} style={{ width: 280 }} />
              </Form.Item>
              <Form.Item name={[item.name, 'target']}>
                <Input aria-label={`${r('target')} ${n(i)}`} placeholder={r('target')} style={{ width: 140 }} />
              </Form.Item>
              <Form.Item name={[item.name, 'actual']}>
                <Input aria-label={`${r('actual')} ${n(i)}`} placeholder={r('actual')} style={{ width: 140 }} />
              </Form.Item>
              <Button onClick={() => remove(item.name)}>{t('appl.editor.remove')}</Button>
            </Space>
          ))}
          <Button onClick={() => add({ name: '', target: '', actual: '' })}>{r('addIndicator')}</Button>
        </fieldset>
      )}
    </Form.List>
  );
}
