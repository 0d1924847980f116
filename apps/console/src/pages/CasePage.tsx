/**
 * The case page: what the caller may see of one case (`GET /cases/:id`), its history as a timeline
 * (`/cases/:id/history`) with a download of the verifiable record, the actions of its `allowedActions` only, each with
 * its form (features/review), the application, review and publicity as far as the caller may see them, the generated
 * documents and the attachments (sealed scans, evidence) with their upload.
 */
import { useState } from 'react';
import { Alert, Button, Card, Descriptions, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../api/client';
import type { CaseDetail, HistoryItem, Unit } from '../api/types';
import { CaseActions } from '../features/review/CaseActions';
import { CaseReview } from '../features/review/CaseReview';
import { placeName, useProgram } from '../features/review/data';
import { AttachmentsCard } from './AttachmentsCard';
import { CaseLifecycle } from './CaseLifecycle';
import { DateInput } from './DateInput';
import { DocumentsCard } from './DocumentsCard';
import { DownloadRecord } from './DownloadRecord';
import { actorLabel, formatAt } from './format';
import { ErrorState, Loading } from './States';

const commentOf = (data: unknown): string | undefined =>
  typeof data === 'object' && data !== null && typeof (data as { comment?: unknown }).comment === 'string' ? (data as { comment: string }).comment : undefined;

export default function CasePage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const [search, setSearch] = useSearchParams();
  // ?asOf=<instant>: the case as it stood then (GET /cases/:id?asOf=), read-only; kept in the URL so it can be shared.
  const asOf = search.get('asOf') ?? undefined;
  const path = `/cases/${encodeURIComponent(id)}`;
  const detail = useQuery({
    queryKey: asOf ? ['case', id, 'asOf', asOf] : ['case', id],
    queryFn: () => call<CaseDetail>(asOf ? `${path}?asOf=${encodeURIComponent(asOf)}` : path),
  });
  const history = useQuery({ queryKey: ['history', id], queryFn: () => call<{ items: HistoryItem[] }>(`${path}/history`) });
  const showAsOf = (at: string | undefined) => setSearch(at ? { asOf: at } : {});

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
      <AsOfPicker asOf={asOf} onChange={showAsOf} />
      {asOf && <Alert type="info" showIcon message={t('case.asOfShowing', { at: formatAt(asOf, i18n.language) })} action={<Button onClick={() => showAsOf(undefined)}>{t('case.asOfBack')}</Button>} />}
      <CaseLifecycle c={c} />
      <CaseFacts c={c} />
      {!asOf && <CaseActions c={c} />}
      <CaseReview c={c} />
      {!asOf && <DocumentsCard c={c} />}
      {!asOf && <AttachmentsCard c={c} />}
      <Card title={t('case.history')} extra={<DownloadRecord caseId={c.id} />} size="small" role="region" aria-label={t('case.history')}>
        <History query={history} until={asOf ? c.position : undefined} />
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
            <div key={i}>
              {t('case.paperCopiesReceipt', { ...r })}
              {r.matchesSha256 && t('case.paperCopiesMatches', { sha: r.matchesSha256.slice(0, 12) })}
            </div>
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

/** A date-time in the program's zone (Asia/Shanghai) → the instant the API takes for `asOf`. */
function AsOfPicker({ asOf, onChange }: { asOf: string | undefined; onChange: (at: string | undefined) => void }) {
  const { t } = useTranslation();
  const [local, setLocal] = useState('');
  const [invalid, setInvalid] = useState(false);
  const show = () => {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(local)) return setInvalid(true);
    setInvalid(false);
    onChange(`${local}:00+08:00`);
  };
  return (
    <Space wrap>
      <label htmlFor="case-as-of">{t('case.asOfLabel')}</label>
      <DateInput id="case-as-of" kind="datetime" value={local} onChange={(v) => setLocal(v ?? '')} status={invalid ? 'error' : ''} />
      <Button onClick={show}>{t('case.asOfView')}</Button>
      {invalid && <Typography.Text type="danger">{t('case.asOfInvalid')}</Typography.Text>}
    </Space>
  );
}

function History({ query, until }: { query: ReturnType<typeof useQuery<{ items: HistoryItem[] }>>; until?: number }) {
  const { t, i18n } = useTranslation();
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} retry={() => void query.refetch()} />;
  return (
    <Timeline
      items={query.data.items.filter((e) => until === undefined || e.position <= until).map((e) => ({
        key: e.position,
        children: (
          <div>
            <Typography.Text strong>{t(`events.${e.type}`, { defaultValue: e.type })}</Typography.Text>
            <div>
              {formatAt(e.at, i18n.language)} · {t('case.who')}: {[actorLabel(e.actor, { system: t('case.system') }), `(${t(`roles.${e.actor.role}`, { defaultValue: e.actor.role })})`].filter(Boolean).join(' ')}
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
