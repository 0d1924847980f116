/**
 * What the case page shows of the selection beyond its facts, as far as the caller may see it (the API cuts the
 * case to that): the application form read-only; the review (the panel for the province; an expert's own sheet;
 * the conclusion with the aggregate score and unnamed comments once concluded); the publicity period and its
 * objections; the approval.
 */
import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../api/types';
import { useSession } from '../../session/session';
import { formatAt } from '../../pages/format';
import { ApplicationView } from './ApplicationView';
import { useExperts, useProgram, useWorkflow } from './data';
import { expertLabel } from './forms/PanelForms';
import { criterionName } from './forms/ScoresForm';
import { currentPanel } from './review-model';

export function CaseReview({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const program = useProgram(c.programId);
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <ApplicationView c={c} program={program.data} open={user?.role === 'expert'} />
      <ReviewCard c={c} />
      <PublicityCard c={c} />
      {c.approval && (
        <Card size="small" title={t('review.view.approval')}>
          {t('review.view.approvalText', { letter: String(c.approval.replyLetterNo ?? ''), date: String(c.approval.repliedOn ?? ''), batch: String(c.approval.batchNo ?? '') })}
        </Card>
      )}
    </Space>
  );
}

function ReviewCard({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const province = user?.role === 'province' || user?.role === 'admin';
  const experts = useExperts(province);
  const workflow = useWorkflow(user?.role === 'expert' || province ? c.workflow : undefined);
  const byId = new Map((province ? (experts.data?.items ?? []) : []).map((e) => [e.id, e]));
  const panel = currentPanel(c.review);
  const own = user?.expertId ? c.review.scores[user.expertId] : undefined;
  const conclusion = c.review.conclusion as { outcome?: string; score?: number; threshold?: number; comment?: string } | null;
  const comments = (c.review as { comments?: string[] }).comments ?? [];
  if (panel.length === 0 && !own && !conclusion) return null;
  return (
    <Card size="small" title={t('review.view.review')} role="region" aria-label={t('review.view.review')}>
      <Descriptions size="small" column={1} bordered>
        {province && panel.length > 0 && (
          <Descriptions.Item label={t('review.view.panelOf')}>{panel.map((id) => expertLabel(byId.get(id), id)).join('；')}</Descriptions.Item>
        )}
        {own && (
          <Descriptions.Item label={t('review.view.myScores')}>
            {(workflow.data?.rubric ?? []).map((r) => `${criterionName(t, r)} ${own.scores[r.id] ?? '—'}`).join('；')} — {t('review.scores.total')} {own.total}
          </Descriptions.Item>
        )}
        {conclusion && (
          <Descriptions.Item label={t('review.view.conclusion')}>
            <Tag color={conclusion.outcome === 'pass' ? 'green' : conclusion.outcome === 'fail' ? 'red' : 'gold'}>{t(`review.view.outcomes.${conclusion.outcome ?? ''}`, { defaultValue: conclusion.outcome })}</Tag>
            {conclusion.score !== undefined && `${t('review.view.score')} ${conclusion.score}`}
            {conclusion.comment && <div>“{conclusion.comment}”</div>}
          </Descriptions.Item>
        )}
        {comments.length > 0 && (
          <Descriptions.Item label={t('review.view.comments')}>
            {comments.map((x) => (
              <div key={x}>“{x}”</div>
            ))}
          </Descriptions.Item>
        )}
      </Descriptions>
    </Card>
  );
}

interface Objection {
  objectionId: string;
  summary: string;
  receivedOn: string;
  objector: { kind: string; name: string };
  resolution?: { upheld: boolean; comment: string };
}

function PublicityCard({ c }: { c: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const p = c.publicity;
  if (!p.startsAt || !p.endsAt) return null;
  const objections = p.objections as unknown as Objection[];
  return (
    <Card size="small" title={t('review.view.publicity')} role="region" aria-label={t('review.view.publicity')}>
      <Typography.Paragraph>{t('review.view.publicityPeriod', { from: formatAt(p.startsAt, i18n.language), to: formatAt(p.endsAt, i18n.language) })}</Typography.Paragraph>
      {objections.length > 0 && (
        <>
          <Typography.Text strong>{t('review.view.objections')}</Typography.Text>
          <ul>
            {objections.map((o) => (
              <li key={o.objectionId}>
                {o.receivedOn} {o.objector.name && `· ${o.objector.name}`} · {o.summary}{' '}
                {o.resolution ? (
                  <Tag color={o.resolution.upheld ? 'red' : 'green'}>{t(o.resolution.upheld ? 'review.resolution.resolvedUpheld' : 'review.resolution.resolvedDismissed')}</Tag>
                ) : (
                  <Tag color="orange">{t('review.resolution.open')}</Tag>
                )}
                {o.resolution?.comment && <Typography.Text type="secondary"> “{o.resolution.comment}”</Typography.Text>}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
