/**
 * 待办: the caller's pending work (GET /inbox), each with its case's stage and current due date as the inbox gives
 * them — one request for the page, none per case.
 */
import { Empty, Table, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { call } from '../api/client';
import type { InboxItem, Page } from '../api/types';
import { formatAt } from './format';
import { inboxRows } from './inbox-rows';
import type { InboxRow as Row } from './inbox-rows';
import { ErrorState, Loading } from './States';

export default function InboxPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const inbox = useQuery({ queryKey: ['inbox'], queryFn: () => call<Page<InboxItem>>('/inbox') });
  if (inbox.isPending) return <Loading />;
  if (inbox.isError) return <ErrorState error={inbox.error} retry={() => void inbox.refetch()} />;

  const rows = inboxRows(inbox.data.items);
  return (
    <section>
      <Typography.Title level={2}>{t('inbox.title')}</Typography.Title>
      <Table<Row>
        rowKey={(r) => r.item.id}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: <Empty description={t('inbox.empty')} /> }}
        columns={[
          {
            title: t('inbox.task'),
            render: (_, r) => <Link to={`/cases/${encodeURIComponent(r.item.caseId)}`}>{lang === 'en-US' ? r.item.title.en : r.item.title.zh}</Link>,
          },
          { title: t('inbox.case'), render: (_, r) => r.case?.unitName ?? r.item.caseId },
          { title: t('inbox.stage'), render: (_, r) => (r.case ? t(`stages.${r.case.stage}`) : '') },
          {
            title: t('inbox.due'),
            render: (_, r) => (
              <>
                {r.dueAt ? formatAt(r.dueAt, lang) : <Typography.Text type="secondary">{t('inbox.noDue')}</Typography.Text>}{' '}
                {r.overdue && <Tag color="red">{t('inbox.overdue')}</Tag>}
              </>
            ),
          },
          { title: t('inbox.received'), render: (_, r) => formatAt(r.item.createdAt, lang) },
        ]}
      />
    </section>
  );
}
