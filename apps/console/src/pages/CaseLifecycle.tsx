/**
 * The case's lifecycle drawn as the workflow runs it (`lifecycle` of GET /cases/:id: the main-line stages, defense
 * and site visit only where enabled), the current stage highlighted. A case that left the line (cultivation, or
 * withdrawn, rejected, not selected, revoked) is shown at the furthest stage it reached, marked with where it went.
 */
import { Grid, Steps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api/types';

const STOPPED = new Set(['withdrawn', 'rejected', 'notSelected', 'revoked']);

/** The furthest main-line stage the case's record shows it reached (for a case that left the line). */
export function furthestReached(c: Pick<CaseDetail, 'approval' | 'publicity' | 'siteVisit' | 'defense' | 'review' | 'recommendations' | 'audits' | 'submissions'>): string {
  if (c.approval) return 'approval';
  if (c.publicity.startsAt) return 'publicity';
  if (c.siteVisit.schedule) return 'siteVisit';
  if (c.defense.schedule) return 'defense';
  if (c.review.panel) return 'expertReview';
  if (c.recommendations.length > 0) return 'recommendation';
  if (c.submissions > 0) return 'cityAudit';
  return 'draft';
}

const WHOLE_TITLE = { wordBreak: 'keep-all', overflowWrap: 'normal', maxWidth: 84, marginInline: 'auto', textAlign: 'center' } as const;

export function CaseLifecycle({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  // `responsive` stands the steps one per line below md: the same breakpoint decides where titles go.
  const across = Grid.useBreakpoint().md !== false;
  const onLine = c.lifecycle.includes(c.stage);
  const at = onLine ? c.stage : furthestReached(c);
  const current = Math.max(0, c.lifecycle.indexOf(at as CaseDetail['lifecycle'][number]));
  const finished = c.stage === 'completed';
  const status = finished ? 'finish' : STOPPED.has(c.stage) ? 'error' : 'process';
  return (
    <div role="region" aria-label={t('case.lifecycle')}>
      {/* Across the page (md and up), titles under their step, each whole: at 1280 wide ten English titles beside
          their icons were cut mid-word ("Recommenda tion"); now a long word may reach a little past its step, never
          split. On a phone the steps stand one per line (responsive), titles beside them. */}
      <Steps
        size="small"
        {...(across ? { titlePlacement: 'vertical' as const, styles: { itemTitle: WHOLE_TITLE } } : {})}
        current={current}
        status={status}
        responsive
        items={c.lifecycle.map((s, i) => ({
          title: t(`stages.${s}`),
          ...(i === current && !onLine ? { description: <Tag color={STOPPED.has(c.stage) ? 'red' : 'gold'}>{t(`stages.${c.stage}`)}</Tag> } : {}),
        }))}
      />
    </div>
  );
}
