/**
 * The case page: what the caller may see of one case (`GET /cases/:id`), its history as a timeline
 * (`/cases/:id/history`) with a download of the verifiable record, the actions of its `allowedActions` only, each with
 * its form (features/review), and the application, review and publicity as far as the caller may see them.
 */
import { Card, Descriptions, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../api/client';
import type { CaseDetail, HistoryItem, Unit } from '../api/types';
import { CaseActions } from '../features/review/CaseActions';
import { CaseReview } from '../features/review/CaseReview';
import { placeName, useProgram } from '../features/review/data';
import { DocumentsCard } from './DocumentsCard';
import { DownloadRecord } from './DownloadRecord';
import { formatAt } from './format';
import { ErrorState, Loading } from './States';

const commentOf = (data: unknown): string | undefined =>
  typeof data === 'object' && data !== null && typeof (data as { comment?: unknown }).comment === 'string' ? (data as { comment: string }).comment : undefined;

export default function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const path = `/cases/${encodeURIComponent(id)}`;
  const detail = useQuery({ queryKey: ['case', id], queryFn: () => call<CaseDetail>(path) });
  const history = useQuery({ queryKey: ['history', id], queryFn: () => call<{ items: HistoryItem[] }>(`${path}/history`) });

  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    const notFound = detail.error instanceof ApiError && detail.error.status === 404;
    return notFound ? <Typography.Paragraph>{t('case.notFound')}</Typography.Paragraph> : <ErrorState error={detail.error} retry={() => void detail.refetch()} />;
  }
  const c = detail.data;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={2} style={{ marginBottom: 0 }}>
        {c.applicant.unitName}
      </Typography.Title>
      <CaseFacts c={c} />
      <CaseActions c={c} />
      <CaseReview c={c} />
      <DocumentsCard c={c} />
      <Card title={t('case.history')} extra={<DownloadRecord caseId={c.id} />} size="small" role="region" aria-label={t('case.history')}>
        <History query={history} />
      </Card>
    </Space>
  );
}

function CaseFacts({ c }: { c: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const program = useProgram(c.programId);
  const place = (u: Unit) => placeName(program.data, u);
  return (
    <Descriptions bordered size="small" column={{ xs: 1, sm: 1, md: 2 }}>
      <Descriptions.Item label={t('case.unit')}>{c.applicant.unitName}</Descriptions.Item>
      <Descriptions.Item label={t('case.level')}>{t(`case.levels.${c.applicant.level}`)}</Descriptions.Item>
      <Descriptions.Item label={t('case.cityDistrict')}>{place(c.applicant)}</Descriptions.Item>
      <Descriptions.Item label={t('case.partners')}>
        {c.partners.length === 0 ? t('common.none') : c.partners.map((p) => `${p.unitName} (${place(p)})`).join('；')}
      </Descriptions.Item>
      <Descriptions.Item label={t('case.stage')}>
        <Space>
          <Tag color="processing">{t(`stages.${c.stage}`)}</Tag>
          {c.overdue && <Tag color="red">{t('case.overdue')}</Tag>}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('case.revision')}>{c.revision}</Descriptions.Item>
      {c.paperCopies.total > 0 && (
        <Descriptions.Item label={t('case.paperCopies')} span={2}>
          {t('case.paperCopiesTotal', { total: c.paperCopies.total })}
          {c.paperCopies.receipts.map((r, i) => (
            <div key={i}>{t('case.paperCopiesReceipt', { ...r })}</div>
          ))}
        </Descriptions.Item>
      )}
      <Descriptions.Item label={t('case.deadlines')} span={2}>
        {c.deadlines.length === 0
          ? t('common.none')
          : c.deadlines.map((d) => (
              <div key={d.kind}>
                {t(`stages.${d.stage}`)} · {formatAt(d.dueAt, i18n.language)}
                {d.provisional && <Typography.Text type="secondary"> ({t('case.provisional')})</Typography.Text>}
              </div>
            ))}
      </Descriptions.Item>
    </Descriptions>
  );
}

function History({ query }: { query: ReturnType<typeof useQuery<{ items: HistoryItem[] }>> }) {
  const { t, i18n } = useTranslation();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  return (
    <Timeline
      items={query.data.items.map((e) => ({
        key: e.position,
        children: (
          <div>
            <Typography.Text strong>{t(`events.${e.type}`, { defaultValue: e.type })}</Typography.Text>
            <div>
              {formatAt(e.at, i18n.language)} · {t('case.who')}: {e.actor.id} ({t(`roles.${e.actor.role}`, { defaultValue: e.actor.role })})
            </div>
            {commentOf(e.data) && <div>“{commentOf(e.data)}”</div>}
            <Tooltip title={e.hash}>
              <Typography.Text type="secondary" code>
                {t('case.hash')} {e.hash.slice(0, 12)}
              </Typography.Text>
            </Tooltip>
          </div>
        ),
      }))}
    />
  );
}
