/**
 * A workflow definition read-only: stages on or off with time limits, reminders and their clock after a return;
 * panel, rubric, thresholds, publicity, monitoring (cadence, grace, ratings, rounds), recusal and time zone.
 */
import { Descriptions, Table, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { WorkflowDefinition } from './api';
import { SWITCHABLE, TIMED_STAGES, isoCount } from './workflow-model';
import type { TimedStage } from './workflow-model';

interface StageSpec {
  enabled?: boolean;
  timeLimit?: { duration: string; unit: 'calendar' | 'working' };
  reminders?: string[];
  resetOnReturn?: boolean;
}

/** "10 working days", or the ISO text when it is not whole days. */
export function durationText(t: TFunction, spec?: { duration: string; unit: 'calendar' | 'working' }): string {
  if (!spec) return t('workshop.workflows.noLimit');
  const days = isoCount(spec.duration, 'D');
  return t('workshop.workflows.limitText', { amount: days === null ? spec.duration : t('workshop.workflows.days', { n: days }), unit: t(`workshop.workflows.${spec.unit}`) });
}

export function DefinitionView({ definition: d }: { definition: WorkflowDefinition }) {
  const { t } = useTranslation();
  const stages = d.stages as Partial<Record<TimedStage, StageSpec>>;
  const total = d.rubric.reduce((s, c) => s + c.max, 0);
  const rows = TIMED_STAGES.map((s) => ({ stage: s, spec: stages[s] ?? {} }));
  const onOff = (v: boolean) => (v ? <Tag>{t('workshop.workflows.enabled')}</Tag> : <Tag>{t('workshop.workflows.disabled')}</Tag>);
  return (
    <>
      <Table
        rowKey="stage"
        size="small"
        pagination={false}
        style={{ marginBottom: 16 }}
        aria-label={t('workshop.workflows.stages')}
        dataSource={rows}
        columns={[
          { title: t('workshop.workflows.stages'), render: (_, r) => t(`stages.${r.stage}`) },
          { title: t('workshop.workflows.enabled'), render: (_, r) => (SWITCHABLE.includes(r.stage) ? onOff(r.spec.enabled !== false) : '—') },
          { title: t('workshop.workflows.timeLimit'), render: (_, r) => durationText(t, r.spec.timeLimit) },
          { title: t('workshop.workflows.reminders'), render: (_, r) => (r.spec.reminders ?? []).map((x) => durationText(t, { duration: x, unit: r.spec.timeLimit?.unit ?? 'calendar' })).join(t('workshop.workflows.listSep')) || '—' },
          { title: t('workshop.workflows.resetOnReturn'), render: (_, r) => (r.spec.timeLimit ? (r.spec.resetOnReturn !== false ? t('workshop.common.yes') : t('workshop.common.no')) : '—') },
        ]}
      />
      <Descriptions bordered size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('workshop.workflows.panel')}>
          {t('workshop.workflows.panelSize')} {d.panel.size}{t('workshop.workflows.partSep')}{t(`workshop.workflows.${d.panel.aggregation}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('workshop.workflows.passThreshold')}>{d.passThreshold}</Descriptions.Item>
        {d.defensePassThreshold !== undefined && <Descriptions.Item label={t('workshop.workflows.defensePassThreshold')}>{d.defensePassThreshold}</Descriptions.Item>}
        <Descriptions.Item label={t('workshop.workflows.publicity')}>{durationText(t, d.publicity)}</Descriptions.Item>
        <Descriptions.Item label={t('workshop.workflows.monitoring')}>
          {t('workshop.workflows.reportEvery')} {d.monitoring.reportEvery}{t('workshop.workflows.partSep')}{t('workshop.workflows.reportGrace')} {d.monitoring.reportGrace ? durationText(t, { duration: d.monitoring.reportGrace, unit: 'calendar' }) : '—'}
          {t('workshop.workflows.partSep')}
          {t('workshop.workflows.ratings')} {d.monitoring.ratings.map((r) => t(`overview.monitoring.ratingNames.${r}`)).join(' / ')}
          {t('workshop.workflows.partSep')}
          {t('workshop.workflows.missedReportsAsFail')} {d.monitoring.missedReportsAsFail}{t('workshop.workflows.partSep')}{t('workshop.workflows.rectificationRounds')} {d.monitoring.rectificationRounds}
        </Descriptions.Item>
        <Descriptions.Item label={t('workshop.workflows.recusal')}>
          {t('workshop.workflows.homeCity')} {onOff(d.recusal.homeCity)} {t('workshop.workflows.employer')} {onOff(d.recusal.employer)}
        </Descriptions.Item>
        <Descriptions.Item label={t('workshop.workflows.timeZone')}>{d.timeZone}</Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="id"
        size="small"
        pagination={false}
        aria-label={t('workshop.workflows.rubric')}
        title={() => t('workshop.workflows.rubricTotal', { total })}
        dataSource={d.rubric}
        columns={[
          { title: t('workshop.workflows.criterionId'), dataIndex: 'id' },
          { title: t('workshop.workflows.criterion'), dataIndex: 'name' },
          { title: t('workshop.workflows.max'), dataIndex: 'max' },
        ]}
      />
    </>
  );
}
