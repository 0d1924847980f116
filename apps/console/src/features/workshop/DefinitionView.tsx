/**
 * A workflow definition read-only: stages on or off with time limits, reminders and their clock after a return;
 * panel, rubric, thresholds, publicity, monitoring (cadence, grace, ratings, rounds), recusal and time zone.
 */
import { Descriptions, Table, Tag } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import type { WorkflowDefinition } from './api';
import { SWITCHABLE, TIMED_STAGES } from './workflow-model';
import { formatDuration } from './duration-text';
import type { TimedStage } from './workflow-model';

interface StageSpec {
  enabled?: boolean;
  timeLimit?: { duration: string; unit: 'calendar' | 'working' };
  reminders?: string[];
  resetOnReturn?: boolean;
}

/** "10 个工作日" / "10 working days", "7 天" / "7 days" (see duration-text.ts); "no limit" without one. */
export function durationText(t: TFunction, language: string, spec?: { duration: string; unit: 'calendar' | 'working' }): string {
  if (!spec) return t('workshop.workflows.noLimit');
  return formatDuration(spec.duration, language, spec.unit);
}

/** Reminder offsets, counted like the stage's limit: "到期前 3 个工作日、1 个工作日". */
function remindersText(t: TFunction, language: string, spec: StageSpec): string {
  const offsets = spec.reminders ?? [];
  if (offsets.length === 0) return '—';
  const unit = spec.timeLimit?.unit ?? 'calendar';
  return t('workshop.workflows.remindersBefore', { list: offsets.map((x) => formatDuration(x, language, unit)).join(t('workshop.workflows.listSep')) });
}

export function DefinitionView({ definition: d }: { definition: WorkflowDefinition }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
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
          { title: t('workshop.workflows.timeLimit'), render: (_, r) => durationText(t, lang, r.spec.timeLimit) },
          { title: t('workshop.workflows.reminders'), render: (_, r) => remindersText(t, lang, r.spec) },
          { title: t('workshop.workflows.resetOnReturn'), render: (_, r) => (r.spec.timeLimit ? (r.spec.resetOnReturn !== false ? t('workshop.common.yes') : t('workshop.common.no')) : '—') },
        ]}
      />
      <Descriptions bordered size="small" column={1} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('workshop.workflows.panel')}>
          {t('workshop.workflows.panelSize')} {d.panel.size}{t('workshop.workflows.partSep')}{t(`workshop.workflows.${d.panel.aggregation}`)}
        </Descriptions.Item>
        <Descriptions.Item label={t('workshop.workflows.passThreshold')}>{d.passThreshold}</Descriptions.Item>
        {d.defensePassThreshold !== undefined && <Descriptions.Item label={t('workshop.workflows.defensePassThreshold')}>{d.defensePassThreshold}</Descriptions.Item>}
        <Descriptions.Item label={t('workshop.workflows.publicity')}>{durationText(t, lang, d.publicity)}</Descriptions.Item>
        <Descriptions.Item label={t('workshop.workflows.monitoring')}>
          {t('workshop.workflows.reportEvery')} {formatDuration(d.monitoring.reportEvery, lang)}{t('workshop.workflows.partSep')}{t('workshop.workflows.reportGrace')} {d.monitoring.reportGrace ? formatDuration(d.monitoring.reportGrace, lang) : '—'}
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
