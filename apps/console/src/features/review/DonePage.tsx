/**
 * 已办: the work the caller's desk has done. The API keeps pending work in the inbox read model and marks each item
 * done when the case moves on (`GET /inbox?includeDone=true`); its recipient is the caller or the caller's role and
 * scope (e.g. the city's desk), so this is the desk's finished work, latest first. Unit names and current stages
 * come from the caller's case list (`GET /cases`), which is scoped like the inbox.
 */
import { Empty, Table, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import type { InboxItem, Page } from '../../api/types';
import type { components } from '../../api/schema';
import { formatAt } from '../../pages/format';
import { ErrorState, Loading } from '../../pages/States';

type CaseListItem = components['schemas']['CaseListItem'];

export default function DonePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const inbox = useQuery({ queryKey: ['inbox', 'done'], queryFn: () => call<Page<InboxItem>>('/inbox?includeDone=true&limit=200') });
  const cases = useQuery({ queryKey: ['cases', 'mine'], queryFn: () => call<Page<CaseListItem>>('/cases?limit=200') });
  if (inbox.isPending) return <Loading />;
  if (inbox.isError) return <ErrorState error={inbox.error} retry={() => void inbox.refetch()} />;
  const byId = new Map((cases.data?.items ?? []).map((c) => [c.id, c]));
  const done = inbox.data.items.filter((i) => i.done).sort((a, b) => (b.doneAt ?? '').localeCompare(a.doneAt ?? ''));
  return (
    <section>
      <Typography.Title level={2}>{t('review.done.title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('review.done.note')}</Typography.Paragraph>
      <Table<InboxItem>
        rowKey="id"
        dataSource={done}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 640 }}
        locale={{ emptyText: <Empty description={t('review.done.empty')} /> }}
        columns={[
          { title: t('inbox.task'), render: (_, r) => <Link to={`/cases/${encodeURIComponent(r.caseId)}`}>{lang === 'en-US' ? r.title.en : r.title.zh}</Link> },
          { title: t('inbox.case'), render: (_, r) => byId.get(r.caseId)?.unitName ?? '—' },
          { title: t('review.done.stageNow'), render: (_, r) => (byId.get(r.caseId) ? t(`stages.${byId.get(r.caseId)!.stage}`) : '—') },
          { title: t('review.done.doneAt'), render: (_, r) => (r.doneAt ? formatAt(r.doneAt, lang) : '') },
        ]}
      />
    </section>
  );
}
