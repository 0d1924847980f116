/**
 * 申报项目 (admin): the programs with their settings (workflow version, quota, window, target date, each city's
 * limit and districts, the tasks) and "new program", a form prefilled from the seeded gd-bdpz-2019.
 */
import { useState } from 'react';
import { Button, Descriptions, Empty, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { Page } from '../../api/types';
import { ErrorState, Loading } from '../../pages/States';
import type { Program } from './api';
import { ProgramForm } from './ProgramForm';
import type { Region } from './program-form';

const SEEDED = 'gd-bdpz-2019';

function ProgramSettings({ p }: { p: Program }) {
  const { t } = useTranslation();
  const { workflow: w, quota: q, window: win } = p;
  const cities = new Map(p.cities.map((c) => [c.cityCode, c.recommended]));
  return (
    <>
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('workshop.programs.workflow')}>
          <Link to={`/workshop/workflows/${encodeURIComponent(w.key)}/${w.version}`}>{`${w.key} v${w.version}`}</Link>
        </Descriptions.Item>
        <Descriptions.Item label={t('workshop.programs.quota')}>{`${q.min}–${q.max}`}（{t('workshop.programs.approvals')} {p.approvals.granted}）</Descriptions.Item>
        <Descriptions.Item label={t('workshop.programs.window')}>{`${win.opensOn} – ${win.closesOn}`}</Descriptions.Item>
        <Descriptions.Item label={t('workshop.programs.targetDate')}>{p.targetDate}</Descriptions.Item>
        <Descriptions.Item label={t('workshop.programs.minTasks')}>{p.minTasks}</Descriptions.Item>
      </Descriptions>
      <Table<Region>
        rowKey="cityCode"
        size="small"
        pagination={false}
        title={() => t('workshop.programs.regions')}
        dataSource={p.regions}
        scroll={{ x: 640 }}
        columns={[
          { title: t('workshop.users.city'), dataIndex: 'cityCode' },
          { title: t('workshop.programs.name'), dataIndex: 'name' },
          { title: t('workshop.programs.limit'), dataIndex: 'limit' },
          { title: t('workshop.programs.recommended'), render: (_, r) => cities.get(r.cityCode) ?? 0 },
          { title: t('workshop.programs.districts'), render: (_, r) => (r.districts ?? []).map((d) => <Tag key={d.code}>{d.name}</Tag>) },
        ]}
      />
      <Table
        rowKey="code"
        size="small"
        pagination={false}
        style={{ marginTop: 16 }}
        title={() => t('workshop.programs.tasks')}
        dataSource={p.tasks}
        columns={[
          { title: t('workshop.programs.code'), dataIndex: 'code' },
          { title: t('workshop.programs.tasks'), dataIndex: 'name' },
        ]}
      />
    </>
  );
}

export default function ProgramsPage() {
  const { t } = useTranslation();
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const programs = useQuery({ queryKey: ['programs'], queryFn: () => call<Page<Program>>('/programs?limit=200') });
  if (programs.isPending) return <Loading />;
  if (programs.isError) return <ErrorState error={programs.error} retry={() => void programs.refetch()} />;
  const items = programs.data.items;
  const template = items.find((p) => p.key === SEEDED) ?? items[0];
  return (
    <section>
      <Typography.Title level={2}>{t('workshop.programs.title')}</Typography.Title>
      {!creating && template && (
        <Button type="primary" onClick={() => setCreating(true)} style={{ marginBottom: 16 }}>
          {t('workshop.programs.create')}
        </Button>
      )}
      {creating && template && (
        <ProgramForm
          from={template}
          onDone={(id) => {
            setCreating(false);
            if (id) setOpen(id);
          }}
        />
      )}
      <Table<Program>
        rowKey="id"
        dataSource={items}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty description={t('workshop.programs.none')} /> }}
        expandable={{ expandedRowKeys: open ? [open] : [], onExpand: (on, p) => setOpen(on ? p.id : null), expandedRowRender: (p) => <ProgramSettings p={p} /> }}
        scroll={{ x: 720 }}
        columns={[
          { title: t('workshop.programs.key'), dataIndex: 'key' },
          { title: t('workshop.programs.name'), dataIndex: 'name' },
          { title: t('workshop.programs.workflow'), render: (_, p) => `${p.workflow.key} v${p.workflow.version}` },
          { title: t('workshop.programs.targetDate'), dataIndex: 'targetDate' },
          {
            title: t('workshop.programs.view'),
            render: (_, p) => (
              <Button type="link" onClick={() => setOpen(open === p.id ? null : p.id)} aria-expanded={open === p.id}>
                {t('workshop.programs.view')}
              </Button>
            ),
          },
        ]}
      />
    </section>
  );
}
