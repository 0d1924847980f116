/** Inputs of the new-version form: a duration (days or ISO text), a stage's row, the rubric's rows. */
import { Button, Form, Input, InputNumber, Select, Space, Switch, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Amount } from './workflow-form';
import { SWITCHABLE } from './workflow-model';
import type { TimedStage } from './workflow-model';

/** A count of days (or months) when the value is one, else the ISO text as typed. */
export function AmountInput({ value, onChange, suffix, label, id, min = 1 }: { value?: Amount; onChange?: (v: Amount) => void; suffix: string; label: string; id?: string; min?: number }) {
  if (typeof value === 'string') return <Input id={id} aria-label={label} value={value} onChange={(e) => onChange?.(e.target.value)} style={{ width: 120 }} />;
  return <InputNumber id={id} aria-label={label} min={min} precision={0} value={value ?? null} onChange={(v) => onChange?.(v)} suffix={suffix} style={{ width: 120 }} />;
}

export function UnitSelect({ value, onChange, label }: { value?: string; onChange?: (v: string) => void; label: string }) {
  const { t } = useTranslation();
  return (
    <Select aria-label={label} value={value} onChange={onChange} style={{ width: 150 }} options={['working', 'calendar'].map((u) => ({ value: u, label: t(`workshop.workflows.${u}`) }))} />
  );
}

/** The API's messages on a stage's limit, unit or reminders (their inputs have no room of their own). */
function StageErrors({ stage }: { stage: TimedStage }) {
  return (
    <Form.Item noStyle shouldUpdate>
      {(form) => {
        const errors = (['timeLimit.duration', 'timeLimit.unit', 'reminders', 'enabled', 'resetOnReturn'] as const).flatMap((f) => form.getFieldError(['stages', stage, ...f.split('.')]));
        return errors.length > 0 ? <div role="alert" style={{ color: '#cf1322' }}>{errors.join('；')}</div> : null;
      }}
    </Form.Item>
  );
}

/** The time-limit table: each stage's switch (defense and site visit), limit, unit and reminders. */
export function StageRows() {
  const { t } = useTranslation();
  const day = t('workshop.workflows.days', { n: '' }).trim();
  const stages: TimedStage[] = ['draft', 'cityAudit', 'recommendation', 'expertReview', 'defense', 'siteVisit', 'approval', 'cultivation'];
  return (
    <Table
      rowKey={(s) => s}
      size="small"
      pagination={false}
      dataSource={stages}
      scroll={{ x: 820 }}
      columns={[
        { title: t('workshop.workflows.stages'), render: (_, s) => t(`stages.${s}`) },
        {
          title: t('workshop.workflows.enabled'),
          render: (_, s) =>
            SWITCHABLE.includes(s) ? (
              <Form.Item name={['stages', s, 'enabled']} valuePropName="checked" noStyle>
                <Switch aria-label={`${t(`stages.${s}`)} ${t('workshop.workflows.enabled')}`} />
              </Form.Item>
            ) : (
              '—'
            ),
        },
        {
          title: t('workshop.workflows.timeLimit'),
          render: (_, s) => (
            <>
            <Space.Compact>
              <Form.Item name={['stages', s, 'timeLimit', 'duration']} noStyle>
                <AmountInput suffix={day} label={`${t(`stages.${s}`)} ${t('workshop.workflows.timeLimit')}`} />
              </Form.Item>
              <Form.Item name={['stages', s, 'timeLimit', 'unit']} noStyle>
                <UnitSelect label={`${t(`stages.${s}`)} ${t('workshop.workflows.unit')}`} />
              </Form.Item>
            </Space.Compact>
            <StageErrors stage={s} />
            </>
          ),
        },
        {
          title: t('workshop.workflows.resetOnReturn'),
          render: (_, s) => (
            <Form.Item name={['stages', s, 'resetOnReturn']} valuePropName="checked" noStyle>
              <Switch size="small" aria-label={`${t(`stages.${s}`)} ${t('workshop.workflows.resetOnReturn')}`} />
            </Form.Item>
          ),
        },
        {
          title: t('workshop.workflows.remindersDays'),
          render: (_, s) => (
            <Form.Item name={['stages', s, 'reminders']} noStyle normalize={(v: Amount[]) => v.map((x) => (typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : x))}>
              <Select mode="tags" open={false} suffixIcon={null} style={{ minWidth: 140 }} aria-label={`${t(`stages.${s}`)} ${t('workshop.workflows.reminders')}`} />
            </Form.Item>
          ),
        },
      ]}
    />
  );
}

/** The rubric: criteria with id, name and maximum; rows can be added and removed. */
export function RubricRows() {
  const { t } = useTranslation();
  return (
    <Form.List name="rubric">
      {(rows, { add, remove }) => (
        <>
          {rows.map((row) => (
            <Space key={row.key} align="start" wrap style={{ display: 'flex' }}>
              <Form.Item name={[row.name, 'id']} rules={[{ required: true, message: t('workshop.common.required', { field: t('workshop.workflows.criterionId') }) }]}>
                <Input aria-label={`${t('workshop.workflows.criterionId')} ${row.name + 1}`} placeholder={t('workshop.workflows.criterionId')} style={{ width: 120 }} />
              </Form.Item>
              <Form.Item name={[row.name, 'name']} rules={[{ required: true, message: t('workshop.common.required', { field: t('workshop.workflows.criterion') }) }]}>
                <Input aria-label={`${t('workshop.workflows.criterion')} ${row.name + 1}`} placeholder={t('workshop.workflows.criterion')} style={{ width: 200 }} />
              </Form.Item>
              <Form.Item name={[row.name, 'max']} rules={[{ required: true, message: t('workshop.common.required', { field: t('workshop.workflows.max') }) }]}>
                <InputNumber aria-label={`${t('workshop.workflows.max')} ${row.name + 1}`} placeholder={t('workshop.workflows.max')} min={0} />
              </Form.Item>
              <Button onClick={() => remove(row.name)} aria-label={`× ${row.name + 1}`}>
                ×
              </Button>
            </Space>
          ))}
          <Button onClick={() => add({ id: '', name: '', max: 10 })}>{t('workshop.workflows.addCriterion')}</Button>
        </>
      )}
    </Form.List>
  );
}
