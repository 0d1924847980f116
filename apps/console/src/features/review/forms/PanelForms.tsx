/**
 * The province's expert review: forming the panel (chosen from the pool, or drawn with a recorded seed; experts the
 * recusal policy bars are shown and cannot be chosen, recusals so far are listed, and after a recusal only the open
 * seats are filled) and concluding it, with every sheet and the aggregate the workflow defines (mean or trimmed mean)
 * against the pass mark.
 */
import { Alert, Descriptions, Form, Input, InputNumber, List, Radio, Select, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal';
import type { ActionFormProps } from '../ActionModal';
import { useExperts, useWorkflow } from '../data';
import type { Expert } from '../data';
import { compact, TextField } from '../fields';
import { aggregate, conflictsOf, currentPanel, openSeats, recusedIds } from '../review-model';
import { ErrorState, Loading } from '../../../pages/States';

interface PanelValues {
  mode: 'choose' | 'draw';
  expertIds?: string[];
  draw?: number;
  seed?: string;
}

export const expertLabel = (e: Expert | undefined, id: string): string => (e ? `${e.name}（${e.employer}）` : id);

export function PanelForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const workflow = useWorkflow(p.c.workflow);
  const experts = useExperts();
  const [form] = Form.useForm<PanelValues>();
  const mode = Form.useWatch('mode', form);
  if (workflow.isPending || experts.isPending) return <Loading />;
  if (workflow.isError || experts.isError) return <ErrorState error={workflow.error ?? experts.error} />;
  const pool = experts.data.items;
  const open = openSeats(p.c.review);
  const replacing = open.length > 0;
  const needed = replacing ? open.length : workflow.data.panel.size;
  const onPanel = currentPanel(p.c.review);
  const recused = recusedIds(p.c.review);
  const byId = new Map(pool.map((e) => [e.id, e]));
  const options = pool
    .filter((e) => e.active)
    .map((e) => {
      const kinds = conflictsOf(e, p.c, workflow.data.recusal);
      const notes = [
        ...kinds.map((k) => t(k === 'homeCity' ? 'review.errors.conflictHomeCity' : 'review.errors.conflictEmployer')),
        ...(onPanel.includes(e.id) ? [t('review.panel.onPanel')] : []),
        ...(recused.includes(e.id) ? [t('review.panel.recused')] : []),
      ];
      return { value: e.id, label: notes.length > 0 ? `${expertLabel(e, e.id)} — ${notes.join('；')}` : expertLabel(e, e.id), disabled: notes.length > 0 };
    });
  const labels = { expertIds: t('review.panel.experts'), draw: t('review.panel.drawCount'), seed: t('review.panel.seed'), ...Object.fromEntries(pool.map((e) => [`expert:${e.id}`, e.name])) };
  return (
    <ActionModal
      {...p}
      action="panel"
      path="panel"
      form={form}
      width={680}
      fields={['expertIds', 'draw', 'seed']}
      labels={labels}
      initialValues={{ mode: 'choose', draw: needed }}
      toBody={(v) => (v.mode === 'draw' ? compact({ draw: v.draw, seed: v.seed?.trim() }) : { expertIds: v.expertIds ?? [] })}
      intro={
        <>
          <Typography.Paragraph>{replacing ? t('review.panel.needOpen', { n: needed }) : t('review.panel.need', { n: needed })}</Typography.Paragraph>
          <Typography.Text strong>{t('review.panel.recusals')}</Typography.Text>
          <List
            size="small"
            dataSource={p.c.review.recusals}
            locale={{ emptyText: <Typography.Text type="secondary">{t('review.panel.noRecusals')}</Typography.Text> }}
            renderItem={(r) => (
              <List.Item>
                {expertLabel(byId.get(String(r.expertId)), String(r.expertId))}: {String(r.reason ?? '')}
              </List.Item>
            )}
            style={{ marginBottom: 16 }}
          />
        </>
      }
    >
      <Form.Item name="mode" label={t('review.panel.mode')}>
        <Radio.Group options={[{ value: 'choose', label: t('review.panel.choose') }, { value: 'draw', label: t('review.panel.draw') }]} />
      </Form.Item>
      {mode !== 'draw' ? (
        <Form.Item
          name="expertIds"
          label={labels.expertIds}
          rules={[{ validator: (_, v: string[] | undefined) => ((v?.length ?? 0) === needed ? Promise.resolve() : Promise.reject(new Error(t('review.panel.exactly', { n: needed })))) }]}
        >
          <Select mode="multiple" options={options} optionFilterProp="label" />
        </Form.Item>
      ) : (
        <>
          <Form.Item name="draw" label={labels.draw} rules={[{ required: true, type: 'number', min: needed, max: needed, message: t('review.panel.exactly', { n: needed }) }]}>
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="seed" label={labels.seed}>
            <Input maxLength={200} />
          </Form.Item>
        </>
      )}
    </ActionModal>
  );
}

interface ConcludeValues {
  decision: 'computed' | 'defer';
  comment?: string;
}

export function ConcludeForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const workflow = useWorkflow(p.c.workflow);
  const experts = useExperts();
  const [form] = Form.useForm<ConcludeValues>();
  if (workflow.isPending) return <Loading />;
  if (workflow.isError) return <ErrorState error={workflow.error} />;
  const w = workflow.data;
  const byId = new Map((experts.data?.items ?? []).map((e) => [e.id, e]));
  const sheets = Object.entries(p.c.review.scores).map(([expertId, s]) => ({ expertId, ...s }));
  const score = aggregate(sheets.map((s) => s.total), w.panel.aggregation);
  const method = t(`review.conclude.${w.panel.aggregation}`);
  const outcome = score === undefined ? undefined : score >= w.passThreshold ? 'pass' : 'fail';
  return (
    <ActionModal
      {...p}
      action="expert-review/conclude"
      path="expert-review/conclude"
      form={form}
      width={720}
      fields={['decision', 'comment']}
      labels={{ comment: t('review.conclude.comment2') }}
      initialValues={{ decision: 'computed' }}
      toBody={(v) => compact({ decision: v.decision === 'defer' ? 'defer' : undefined, comment: v.comment?.trim() })}
      intro={
        <>
          <Typography.Text strong>{t('review.conclude.scores')}</Typography.Text>{' '}
          <Typography.Text type="secondary">{t('review.conclude.scoredOf', { n: sheets.length, size: currentPanel(p.c.review).length })}</Typography.Text>
          <Table
            size="small"
            rowKey="expertId"
            pagination={false}
            dataSource={sheets}
            locale={{ emptyText: <Typography.Text type="secondary">{t('review.conclude.noScores')}</Typography.Text> }}
            columns={[
              { title: t('review.conclude.expert'), render: (_, s) => expertLabel(byId.get(s.expertId), s.expertId) },
              { title: t('review.conclude.total'), dataIndex: 'total', align: 'right' },
              { title: t('review.conclude.comment'), dataIndex: 'comment' },
            ]}
            style={{ margin: '8px 0 16px' }}
          />
          <Descriptions size="small" column={1} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('review.conclude.aggregate', { method })}>
              <span data-testid="aggregate-score">{score ?? '—'}</span> <Typography.Text type="secondary">{t('review.conclude.threshold', { n: w.passThreshold })}</Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {score === undefined && w.panel.aggregation === 'trimmedMean' && sheets.length > 0 && <Alert type="warning" showIcon title={t('review.conclude.needThree')} style={{ marginBottom: 16 }} />}
          {outcome && (
            <Typography.Paragraph>
              {t('review.conclude.preview', { outcome: '' })}
              <Tag color={outcome === 'pass' ? 'green' : 'red'}>{t(`review.decisions.${outcome}`)}</Tag>
            </Typography.Paragraph>
          )}
        </>
      }
    >
      <Form.Item name="decision" label={t('review.conclude.decision')}>
        <Radio.Group options={[{ value: 'computed', label: t('review.conclude.computed') }, { value: 'defer', label: t('review.conclude.defer') }]} />
      </Form.Item>
      <TextField name="comment" label={t('review.conclude.comment2')} rows={3} />
    </ActionModal>
  );
}
