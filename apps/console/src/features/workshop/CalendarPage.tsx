/**
 * 节假日安排 (admin): a year's working calendar (`GET /calendar/:year`: official or provisional, holidays and adjusted
 * workdays, the notice) and the form that publishes a year's official arrangement (`PUT /calendar/:year`).
 */
import { useState } from 'react';
import { Alert, App, Button, Descriptions, Form, Input, InputNumber, Modal, Space, Tag, Typography } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { ErrorState, Loading } from '../../pages/States';
import type { CalendarYear } from './api';
import { datesProblem, parseDates } from './calendar-dates';

interface Values {
  notice: string;
  holidays: string;
  adjustedWorkdays: string;
}

/** The field each calendar rule of the API (libs/domain calendar.decider.ts CALENDAR_RULES) is about. */
const RULE_FIELD: Record<string, keyof Values> = {
  'calendar.holidayAndWorkday': 'adjustedWorkdays',
  'calendar.statutoryHoliday': 'holidays',
  'calendar.adjustedWorkdayOnWeekend': 'adjustedWorkdays',
  'calendar.noticeYear': 'notice',
};

function PublishModal({ year, current, onClose }: { year: number; current: CalendarYear; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string | null>(null);
  const queries = useQueryClient();
  const publish = useMutation({
    mutationFn: (v: Values) =>
      call<CalendarYear>(`/calendar/${year}`, { method: 'PUT', body: { notice: v.notice.trim(), holidays: parseDates(v.holidays), adjustedWorkdays: parseDates(v.adjustedWorkdays) } }),
    onSuccess: () => {
      void queries.invalidateQueries({ queryKey: ['calendar', year] });
      void message.success(t('workshop.calendar.published', { year }));
      onClose();
    },
    onError: (e) => {
      // Field problems name "holidays[3]" or "notice"; broken rules name a rule that belongs to one field too.
      const details = e instanceof ApiError && Array.isArray(e.body?.details) ? (e.body.details as { field?: string; rule?: string; messages?: string[]; message?: string }[]) : [];
      const fields = details
        .map((d) => ({ name: (d.field ? d.field.split(/[.[]/)[0] : RULE_FIELD[d.rule ?? '']) as keyof Values, errors: d.messages ?? [d.message ?? ''] }))
        .filter((f) => ['notice', 'holidays', 'adjustedWorkdays'].includes(f.name));
      form.setFields(fields);
      setProblem(fields.length > 0 ? null : e.message);
    },
  });
  const datesRule = { validator: (_: unknown, text: string) => {
    const p = datesProblem(parseDates(text), year);
    return p ? Promise.reject(new Error(t(`workshop.calendar.${p.rule}`, { year, bad: p.bad }))) : Promise.resolve();
  } };
  return (
    <Modal
      open
      width={640}
      title={t('workshop.calendar.publishTitle', { year })}
      okText={t('workshop.calendar.publish', { year })}
      cancelText={t('workshop.common.cancel')}
      confirmLoading={publish.isPending}
      onOk={() => void form.validateFields().then((v) => publish.mutate(v), () => undefined)}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('workshop.calendar.publishNote')}</Typography.Paragraph>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ notice: current.notice ?? '', holidays: current.holidays.join('\n'), adjustedWorkdays: current.adjustedWorkdays.join('\n') }}
      >
        <Form.Item name="notice" label={t('workshop.calendar.notice')} rules={[{ required: true, whitespace: true, message: t('workshop.common.required', { field: t('workshop.calendar.notice') }) }]}>
          <Input placeholder={`国办发明电〔${year - 1}〕7号`} />
        </Form.Item>
        <Form.Item name="holidays" label={t('workshop.calendar.holidays')} extra={t('workshop.calendar.datesHint')} rules={[datesRule]}>
          <Input.TextArea rows={6} />
        </Form.Item>
        <Form.Item name="adjustedWorkdays" label={t('workshop.calendar.adjustedWorkdays')} extra={t('workshop.calendar.datesHint')} rules={[datesRule]}>
          <Input.TextArea rows={3} />
        </Form.Item>
      </Form>
      {problem && <Alert type="error" showIcon message={problem} />}
    </Modal>
  );
}

const dateTags = (dates: string[], none: string) => (dates.length === 0 ? none : <Space size={[4, 4]} wrap>{dates.map((d) => <Tag key={d}>{d}</Tag>)}</Space>);

export default function CalendarPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState(new Date().getFullYear());
  const [publishing, setPublishing] = useState(false);
  const cal = useQuery({ queryKey: ['calendar', year], queryFn: () => call<CalendarYear>(`/calendar/${year}`) });
  const none = t('workshop.calendar.none');
  return (
    <section>
      <Typography.Title level={2}>{t('workshop.calendar.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <label htmlFor="calendar-year">{t('workshop.calendar.year')}</label>
        <InputNumber id="calendar-year" min={2000} max={2100} value={year} onChange={(y) => y && setYear(y)} />
        <Button type="primary" disabled={!cal.data} onClick={() => setPublishing(true)}>
          {t('workshop.calendar.publish', { year })}
        </Button>
      </Space>
      {cal.isPending ? (
        <Loading />
      ) : cal.isError ? (
        <ErrorState error={cal.error} retry={() => void cal.refetch()} />
      ) : (
        <>
          {cal.data.status === 'provisional' && <Alert type="warning" showIcon message={t('workshop.calendar.provisionalNote')} style={{ marginBottom: 16 }} />}
          <Descriptions bordered column={1} size="small" styles={{ label: { width: 160 } }}>
            <Descriptions.Item label={t('workshop.calendar.status')}>
              <Tag>{t(`workshop.calendar.${cal.data.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('workshop.calendar.notice')}>{cal.data.notice ?? none}</Descriptions.Item>
            <Descriptions.Item label={t('workshop.calendar.holidays')}>{dateTags(cal.data.holidays, none)}</Descriptions.Item>
            <Descriptions.Item label={t('workshop.calendar.adjustedWorkdays')}>{dateTags(cal.data.adjustedWorkdays, none)}</Descriptions.Item>
          </Descriptions>
        </>
      )}
      {publishing && cal.data && <PublishModal year={year} current={cal.data} onClose={() => setPublishing(false)} />}
    </section>
  );
}
