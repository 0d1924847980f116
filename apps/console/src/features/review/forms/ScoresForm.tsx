/**
 * The expert's score sheet: one number per criterion of the case's rubric (read from its workflow version), each
 * between 0 and that criterion's maximum with at most one decimal — as the API checks — the live total, a comment.
 */
import { Alert, Form, InputNumber, Typography } from 'antd';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ActionModal } from '../ActionModal';
import type { ActionFormProps } from '../ActionModal';
import { useWorkflow } from '../data';
import type { WorkflowView } from '../data';
import { TextField } from '../fields';
import { ErrorState, Loading } from '../../../pages/States';

interface SheetValues {
  scores: Record<string, number | null | undefined>;
  comment?: string;
}

/** The criterion's name in the user's language: ours for the shipped criteria, the definition's otherwise. */
export const criterionName = (t: TFunction, c: { id: string; name: string }): string => t(`review.scores.criteria.${c.id}`, { defaultValue: c.name });

export function ScoresForm(p: ActionFormProps) {
  const { t } = useTranslation();
  const workflow = useWorkflow(p.c.workflow);
  const [form] = Form.useForm<SheetValues>();
  const scores = Form.useWatch('scores', form);
  if (workflow.isPending) return <Loading />;
  if (workflow.isError) return <ErrorState error={workflow.error} retry={() => void workflow.refetch()} />;
  const rubric = workflow.data.rubric;
  const max = rubric.reduce((a, c) => a + c.max, 0);
  const total = Math.round(rubric.reduce((a, c) => a + (typeof scores?.[c.id] === 'number' ? (scores[c.id] as number) : 0), 0) * 10) / 10;
  const labels = Object.fromEntries(rubric.map((c) => [`scores.${c.id}`, criterionName(t, c)]));
  return (
    <ActionModal
      {...p}
      action="scores"
      path="scores"
      form={form}
      fields={['scores', ...rubric.map((c) => `scores.${c.id}`), 'comment']}
      labels={{ ...labels, comment: t('review.scores.comment') }}
      toBody={(v) => ({ scores: Object.fromEntries(rubric.map((c) => [c.id, v.scores[c.id]])), comment: v.comment ?? '' })}
      intro={<Alert type="info" showIcon title={t('review.scores.once')} style={{ marginBottom: 16 }} />}
    >
      {rubric.map((c) => (
        <Form.Item key={c.id} name={['scores', c.id]} label={t('review.scores.criterion', { name: criterionName(t, c), max: c.max })} rules={criterionRules(t, c)}>
          <InputNumber step={0.5} style={{ width: 160 }} />
        </Form.Item>
      ))}
      <Typography.Paragraph>
        <Typography.Text strong>{t('review.scores.total')}: </Typography.Text>
        <span data-testid="score-total">{t('review.scores.totalOf', { total, max })}</span>
      </Typography.Paragraph>
      <TextField name="comment" label={t('review.scores.comment')} rows={3} />
    </ActionModal>
  );
}

function criterionRules(t: TFunction, c: WorkflowView['rubric'][number]) {
  const label = criterionName(t, c);
  return [
    { required: true, message: t('review.form.required', { field: label }) },
    {
      validator: (_: unknown, v: unknown) => {
        if (typeof v !== 'number') return Promise.resolve();
        if (v < 0) return Promise.reject(new Error(t('review.scores.min')));
        if (v > c.max) return Promise.reject(new Error(t('review.scores.max', { max: c.max })));
        if (Math.round(v * 10) !== v * 10) return Promise.reject(new Error(t('review.scores.decimal')));
        return Promise.resolve();
      },
    },
  ];
}
