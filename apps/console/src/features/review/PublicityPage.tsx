/**
 * 公示 (province): the cases ready for publicity now (the program dashboard's `readyForPublicity`, longest waiting
 * first), chosen together into one publicity batch from a start date — by default for the workflow's period — with
 * its end date shown once opened; and the program's batches so far with their end dates.
 */
import { useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, InputNumber, Radio, Select, Space, Table, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import type { Page } from '../../api/types';
import type { components } from '../../api/schema';
import { formatAt } from '../../pages/format';
import { DateInput } from '../../pages/DateInput';
import { ErrorState, Loading } from '../../pages/States';
import { useDashboard, useProgram } from './data';
import type { Dashboard, ProgramView } from './data';
import { todayInProgram } from './fields';
import { fieldProblemsOf, placeFieldErrors, translateMessage } from './review-model';

type CaseListItem = components['schemas']['CaseListItem'];
interface Values {
  caseIds: string[];
  startsOn: string;
  days?: number;
  unit?: 'calendar' | 'working';
}

export default function PublicityPage() {
  const { t } = useTranslation();
  const programs = useQuery({ queryKey: ['programs'], queryFn: () => call<Page<ProgramView>>('/programs') });
  const [chosen, setChosen] = useState<string>();
  if (programs.isPending) return <Loading />;
  if (programs.isError) return <ErrorState error={programs.error} retry={() => void programs.refetch()} />;
  const programId = chosen ?? programs.data.items[0]?.id;
  return (
    <section>
      <Typography.Title level={2}>{t('review.publicity.title')}</Typography.Title>
      {programs.data.items.length > 1 && (
        <Space style={{ marginBottom: 16 }}>
          <span>{t('review.publicity.program')}</span>
          <Select value={programId} onChange={setChosen} options={programs.data.items.map((p) => ({ value: p.id, label: p.name }))} style={{ minWidth: 320 }} />
        </Space>
      )}
      {programId ? <ProgramPublicity programId={programId} /> : <Empty />}
    </section>
  );
}

function ProgramPublicity({ programId }: { programId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queries = useQueryClient();
  const dashboard = useDashboard(programId);
  const program = useProgram(programId);
  const cases = useQuery({
    queryKey: ['cases', programId],
    queryFn: () => call<Page<CaseListItem>>(`/cases?programId=${encodeURIComponent(programId)}&limit=200`),
  });
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<ApiError | null>(null);
  const [opened, setOpened] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (dashboard.isPending || cases.isPending) return <Loading />;
  if (dashboard.isError) return <ErrorState error={dashboard.error} retry={() => void dashboard.refetch()} />;
  if (cases.isError) return <ErrorState error={cases.error} retry={() => void cases.refetch()} />;
  const unitOf = new Map(cases.data.items.map((c) => [c.id, c.unitName]));
  const ready = dashboard.data.readyForPublicity;

  const open = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const body = { caseIds: v.caseIds, startsOn: v.startsOn, ...(v.days ? { duration: `P${v.days}D`, unit: v.unit ?? 'calendar' } : {}) };
      const res = await call<{ endsAt: string; position: number }>(`/programs/${encodeURIComponent(programId)}/publicity-batches`, { method: 'POST', body });
      const text = t('review.publicity.opened', { at: formatAt(res.endsAt, i18n.language) });
      setOpened(text);
      void message.success(text);
      form.resetFields(['caseIds']);
      // The dashboard is a read model: read it once it has caught up with the batch (read-your-writes).
      const path = `/programs/${encodeURIComponent(programId)}/dashboard?minPosition=${res.position}`;
      queries.setQueryData(['dashboard', programId], await call<Dashboard>(path));
      await Promise.all(['program', 'cases', 'case', 'inbox'].map((k) => queries.invalidateQueries({ queryKey: [k] })));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const { at } = placeFieldErrors(fieldProblemsOf(e.body?.details), ['caseIds', 'startsOn', 'duration', 'unit']);
      form.setFields(at.map((f) => ({ name: (f.name[0] === 'duration' ? 'days' : f.name[0]) as keyof Values, errors: f.messages.map((m) => translateMessage(m, t)) })));
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Card title={t('review.publicity.ready')} size="small" role="region" aria-label={t('review.publicity.ready')}>
        {opened && <Alert type="success" showIcon title={opened} style={{ marginBottom: 16 }} />}
        {error && <Alert type="error" showIcon title={t(`review.errors.${error.code ?? 'other'}`, { defaultValue: error.message })} description={error.code === 'RULE_VIOLATION' || error.code === 'ILLEGAL_TRANSITION' ? error.message : undefined} style={{ marginBottom: 16 }} />}
        {ready.length === 0 ? (
          <Empty description={t('review.publicity.noneReady')} />
        ) : (
          <Form<Values> form={form} layout="vertical" initialValues={{ startsOn: todayInProgram(), unit: 'calendar' }} onFinish={(v) => void open(v)}>
            <Form.Item name="caseIds" label={t('review.publicity.ready')} rules={[{ required: true, type: 'array', min: 1, message: t('review.publicity.pick') }]}>
              <Select mode="multiple" options={ready.map((id) => ({ value: id, label: unitOf.get(id) ?? id }))} optionFilterProp="label" />
            </Form.Item>
            <Form.Item name="startsOn" label={t('review.publicity.startsOn')} rules={[{ required: true, pattern: /^\d{4}-\d{2}-\d{2}$/, message: t('review.form.dateFormat') }]}>
              <DateInput style={{ width: 200 }} />
            </Form.Item>
            <Space align="start" wrap>
              <Form.Item name="days" label={t('review.publicity.duration')} rules={[{ type: 'integer', min: 1, max: 60, message: t('review.errors.messages.between', { min: 1, max: 60 }) }]}>
                <InputNumber addonAfter={t('review.publicity.days')} style={{ width: 160 }} />
              </Form.Item>
              <Form.Item name="unit" label={t('review.publicity.unit2')}>
                <Radio.Group options={[{ value: 'calendar', label: t('review.publicity.calendar') }, { value: 'working', label: t('review.publicity.working') }]} />
              </Form.Item>
            </Space>
            <div>
              <Button type="primary" htmlType="submit" disabled={busy} aria-busy={busy}>
                {t('review.publicity.open')}
              </Button>
            </div>
          </Form>
        )}
      </Card>
      <Card title={t('review.publicity.batches')} size="small" role="region" aria-label={t('review.publicity.batches')}>
        <Table
          size="small"
          rowKey="id"
          pagination={false}
          dataSource={dashboard.data.publicityBatches}
          locale={{ emptyText: <Empty description={t('review.publicity.noBatches')} /> }}
          columns={[
            {
              title: t('review.publicity.unit'),
              render: (_, b) =>
                b.caseIds.map((id) => (
                  <div key={id}>
                    <Link to={`/cases/${encodeURIComponent(id)}`}>{unitOf.get(id) ?? id}</Link>
                  </div>
                )),
            },
            { title: t('review.publicity.startsAt'), render: (_, b) => formatAt(b.startsAt, i18n.language) },
            { title: t('review.publicity.endsAt'), render: (_, b) => formatAt(b.endsAt, i18n.language) },
          ]}
        />
        {program.data && <Typography.Text type="secondary">{t('review.approval.quota', program.data.approvals)}</Typography.Text>}
      </Card>
    </Space>
  );
}
