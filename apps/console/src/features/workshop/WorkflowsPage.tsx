/** 流程定义 (admin): each workflow with its published versions; a version opens read-only. */
import { Card, Empty, Space, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { Page } from '../../api/types';
import { formatAt } from '../../pages/format';
import { ErrorState, Loading } from '../../pages/States';
import type { WorkflowSummary } from './api';

type Version = WorkflowSummary['versions'][number];

export default function WorkflowsPage() {
  const { t, i18n } = useTranslation();
  const workflows = useQuery({ queryKey: ['workflows'], queryFn: () => call<Page<WorkflowSummary>>('/workflows') });
  if (workflows.isPending) return <Loading />;
  if (workflows.isError) return <ErrorState error={workflows.error} retry={() => void workflows.refetch()} />;
  return (
    <section>
      <Typography.Title level={2}>{t('workshop.workflows.title')}</Typography.Title>
      {workflows.data.items.length === 0 && <Empty />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {workflows.data.items.map((w) => (
          <Card key={w.key} title={<span>{w.name} <Tag>{w.key}</Tag></span>}>
            <Table<Version>
              rowKey="version"
              size="small"
              pagination={false}
              dataSource={[...w.versions].sort((a, b) => b.version - a.version)}
              columns={[
                {
                  title: t('workshop.workflows.versions'),
                  render: (_, v) => <Link to={`/workshop/workflows/${encodeURIComponent(w.key)}/${v.version}`}>{t('workshop.workflows.version', { version: v.version })}</Link>,
                },
                { title: t('workshop.workflows.name'), dataIndex: 'name' },
                { title: t('workshop.workflows.publishedAt'), render: (_, v) => formatAt(v.publishedAt, i18n.language) },
              ]}
            />
          </Card>
        ))}
      </Space>
    </section>
  );
}
