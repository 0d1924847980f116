/**
 * The case page: what the caller may see of one case (`GET /cases/:id`), its history as a timeline
 * (`/cases/:id/history`) with a download of the verifiable record, and the buttons of its `allowedActions` only. The city audit is the first action done here;
 * the others are shown (the API would accept them) but open in later increments.
 */
import { useState } from 'react';
import { Button, Card, Descriptions, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../api/client';
import type { CaseDetail, HistoryItem, Unit } from '../api/types';
import { CityAuditForm } from './CityAuditForm';
import { DownloadRecord } from './DownloadRecord';
import { formatAt } from './format';
import { ErrorState, Loading } from './States';

const place = (u: Unit) => [u.cityCode, u.districtCode].filter(Boolean).join(' / ');
const commentOf = (data: unknown): string | undefined =>
  typeof data === 'object' && data !== null && typeof (data as { comment?: unknown }).comment === 'string' ? (data as { comment: string }).comment : undefined;

export default function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const path = `/cases/${encodeURIComponent(id)}`;
  const detail = useQuery({ queryKey: ['case', id], queryFn: () => call<CaseDetail>(path) });
  const history = useQuery({ queryKey: ['history', id], queryFn: () => call<{ items: HistoryItem[] }>(`${path}/history`) });
  const [acting, setActing] = useState<string | null>(null);

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
      <Card title={t('case.actions')} size="small" role="region" aria-label={t('case.actions')}>
        {c.allowedActions.length === 0 ? (
          <Typography.Text type="secondary">{t('case.noActions')}</Typography.Text>
        ) : (
          <Space wrap>
            {c.allowedActions.map((a) => (
              <Button key={a} type={a === 'city-audit' ? 'primary' : 'default'} disabled={a !== 'city-audit'} onClick={() => setActing(a)}>
                {t(`actions.${a}`, { defaultValue: a })}
              </Button>
            ))}
          </Space>
        )}
      </Card>
      {acting === 'city-audit' && <CityAuditForm caseId={c.id} revision={c.revision} onClose={() => setActing(null)} />}
      <Card title={t('case.history')} extra={<DownloadRecord caseId={c.id} />} size="small" role="region" aria-label={t('case.history')}>
        <History query={history} />
      </Card>
    </Space>
  );
}

function CaseFacts({ c }: { c: CaseDetail }) {
  const { t, i18n } = useTranslation();
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
